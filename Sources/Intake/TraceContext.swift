/// W3C trace context (`traceparent`): taken from the request when valid, made up otherwise, and
/// carried in every event the request causes, so one ticket's path can be followed.
enum TraceContext {
    static func traceParent(from header: String?) -> String {
        if let header, isValid(header) { return header }
        var generator = SystemRandomNumberGenerator()
        func hex(_ count: Int) -> String {
            var out = ""
            while out.count < count { out += String(format: "%016llx", generator.next() as UInt64) }
            return String(out.prefix(count))
        }
        return "00-\(hex(32))-\(hex(16))-01"
    }

    static func isValid(_ header: String) -> Bool {
        let parts = header.split(separator: "-")
        return parts.count == 4 && parts[0].count == 2 && parts[1].count == 32 && parts[2].count == 16
            && parts[3].count == 2 && header.allSatisfy { $0.isHexDigit || $0 == "-" }
            && parts[1] != Substring(String(repeating: "0", count: 32))
    }
}

import Foundation
