import SupportDomain

/// W3C trace context (`traceparent`): taken from the request when valid, made up otherwise, and
/// carried in every event the request causes, so one ticket's path can be followed.
enum TraceContext {
    static func traceParent(from header: String?) -> String {
        if let header, isValid(header) { return header }
        var generator = SystemRandomNumberGenerator()
        let trace = Hex.string(generator.next() as UInt64) + Hex.string(generator.next() as UInt64)
        return "00-\(trace)-\(Hex.string(generator.next() as UInt64))-01"
    }

    static func isValid(_ header: String) -> Bool {
        let parts = header.split(separator: "-")
        return parts.count == 4 && parts[0].count == 2 && parts[1].count == 32 && parts[2].count == 16
            && parts[3].count == 2 && header.utf8.allSatisfy { Hex.digit($0) != nil || $0 == UInt8(ascii: "-") }
            && parts[1] != Substring(String(repeating: "0", count: 32))
    }
}
