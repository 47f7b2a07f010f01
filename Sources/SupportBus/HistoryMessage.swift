public import ZeroMQ

/// The history query protocol (`SDHIST1`) between `supportctl tail --since` (DEALER) and the
/// bus (ROUTER): the Clone pattern's snapshot request, in its simplest form.
///
/// | verb | direction | frames after the verb |
/// |---|---|---|
/// | SINCE | client → bus | milliseconds since 1970 (text), topic prefixes (one per line, empty = all) |
/// | EVENTS | bus → client | topic, envelope, topic, envelope, … (up to 500 pairs) |
/// | END | bus → client | number of events sent |
public enum HistoryMessage: Sendable, Equatable {
    case since(milliseconds: Int64, prefixes: [String])
    case events([(topic: [UInt8], envelope: [UInt8])])
    case end(count: Int)

    public static let tag = "SDHIST1"

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.multipart == rhs.multipart }

    public var multipart: Multipart {
        var m = Multipart([Array(Self.tag.utf8)])
        switch self {
        case .since(let milliseconds, let prefixes):
            m.append("SINCE"); m.append(String(milliseconds)); m.append(prefixes.joined(separator: "\n"))
        case .events(let pairs):
            m.append("EVENTS")
            for pair in pairs {
                m.append(pair.topic)
                m.append(pair.envelope)
            }
        case .end(let count):
            m.append("END"); m.append(String(count))
        }
        return m
    }

    public init?(_ message: Multipart, offset: Int = 0) {
        let f = Array(message.frames.dropFirst(offset))
        guard f.count >= 2, String(validating: f[0], as: UTF8.self) == Self.tag else { return nil }
        switch (String(validating: f[1], as: UTF8.self), f.count) {
        case ("SINCE", 4):
            guard let text = String(validating: f[2], as: UTF8.self), let ms = Int64(text),
                let prefixes = String(validating: f[3], as: UTF8.self)
            else { return nil }
            self = .since(milliseconds: ms, prefixes: prefixes.split(separator: "\n").map(String.init))
        case ("EVENTS", let count) where count % 2 == 0:
            self = .events(stride(from: 2, to: count, by: 2).map { (f[$0], f[$0 + 1]) })
        case ("END", 3):
            guard let text = String(validating: f[2], as: UTF8.self), let count = Int(text) else { return nil }
            self = .end(count: count)
        default:
            return nil
        }
    }
}
