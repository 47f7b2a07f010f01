/// What the store layer reports, beyond the engines' own errors.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A `store.url` that names no usable store.
    case badLocation(String)
    /// A column that holds another type than the caller asked for.
    case typeMismatch(column: Int, expected: String, found: StoreValue)
    /// The engine failed; the message is the engine's own.
    case engine(String)

    public var description: String {
        switch self {
        case .badLocation(let message): "bad store location: \(message)"
        case .typeMismatch(let column, let expected, let found): "column \(column): expected \(expected), found \(found)"
        case .engine(let message): message
        }
    }
}
