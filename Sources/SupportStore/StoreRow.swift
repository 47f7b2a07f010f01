/// One result row, its columns in the order the statement selected them.
public struct StoreRow: Sendable, Hashable {
    public var values: [StoreValue]

    public init(_ values: [StoreValue]) { self.values = values }

    public subscript(column: Int) -> StoreValue { values[column] }

    public func string(_ column: Int) throws -> String {
        guard case .text(let value) = values[column] else { throw mismatch(column, "text") }
        return value
    }

    public func optionalString(_ column: Int) throws -> String? {
        values[column] == .null ? nil : try string(column)
    }

    /// Integers; PostgreSQL's aggregates may also answer a whole real.
    public func int(_ column: Int) throws -> Int {
        switch values[column] {
        case .integer(let value): return Int(value)
        case .real(let value) where value.rounded() == value: return Int(value)
        default: throw mismatch(column, "integer")
        }
    }

    public func optionalInt(_ column: Int) throws -> Int? {
        values[column] == .null ? nil : try int(column)
    }

    /// Reals; integers widen.
    public func double(_ column: Int) throws -> Double {
        switch values[column] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: throw mismatch(column, "real")
        }
    }

    public func optionalDouble(_ column: Int) throws -> Double? {
        values[column] == .null ? nil : try double(column)
    }

    public func bytes(_ column: Int) throws -> [UInt8] {
        switch values[column] {
        case .blob(let value): return value
        case .text(let value): return Array(value.utf8)
        default: throw mismatch(column, "blob")
        }
    }

    private func mismatch(_ column: Int, _ expected: String) -> StoreError {
        .typeMismatch(column: column, expected: expected, found: values[column])
    }
}
