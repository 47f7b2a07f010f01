import Foundation

/// One SQL value, the same on both engines: what statements bind and rows hold.
public enum StoreValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public init(_ value: Int) { self = .integer(Int64(value)) }
    public init(_ value: Double) { self = .real(value) }
    public init(_ value: String) { self = .text(value) }
    public init(_ value: [UInt8]) { self = .blob(value) }
    public init(_ value: Bool) { self = .integer(value ? 1 : 0) }
    /// Text, or NULL for `nil`.
    public static func optional(_ value: String?) -> StoreValue { value.map(StoreValue.text) ?? .null }
    /// A real, or NULL for `nil`.
    public static func optional(_ value: Double?) -> StoreValue { value.map(StoreValue.real) ?? .null }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): "\(value)"
        case .real(let value): "\(value)"
        case .text(let value): "'\(value)'"
        case .blob(let value): "<\(value.count) bytes>"
        }
    }
}

extension StoreValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}
