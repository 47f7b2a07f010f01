/// Errors of the bus layer, one struct with a code, as Hummingbird and service-lifecycle do.
public struct BusError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case malformed, configuration, unavailable
    }
    public let code: Code
    public let message: String

    public static func malformed(_ message: String) -> BusError { .init(code: .malformed, message: message) }
    public static func configuration(_ message: String) -> BusError { .init(code: .configuration, message: message) }
    public static func unavailable(_ message: String) -> BusError { .init(code: .unavailable, message: message) }

    public var description: String { "\(code.rawValue): \(message)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
