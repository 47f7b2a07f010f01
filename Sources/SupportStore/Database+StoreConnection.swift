import Foundation
public import GRDB

/// SQLite through GRDB: a `Database` inside `read`/`write` is a store connection. Statements are
/// prepared once per connection and reused (`cachedStatement`), as the hot paths need.
extension Database: StoreConnection {
    public var engine: StoreEngine { .sqlite }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try cachedStatement(sql: sql).execute(arguments: Self.statementArguments(arguments))
        return changesCount
    }

    public func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
        let cursor = try Row.fetchCursor(
            cachedStatement(sql: sql), arguments: Self.statementArguments(arguments))
        var rows: [StoreRow] = []
        while let row = try cursor.next() {
            rows.append(StoreRow(row.databaseValues.map(StoreValue.init)))
        }
        return rows
    }

    /// GRDB's initializer for a sequence of concrete values maps it with a key path, which an
    /// unspecialized call instantiates at run time on every statement (about 8 % of the SLA
    /// update path, BENCHMARKS.md); the existential one maps with a closure.
    private static func statementArguments(_ arguments: [StoreValue]) -> StatementArguments {
        StatementArguments(arguments.map { $0.databaseValue as (any DatabaseValueConvertible)? })
    }
}

extension StoreValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): Data(value).databaseValue
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let value): self = .integer(value)
        case .double(let value): self = .real(value)
        case .string(let value): self = .text(value)
        case .blob(let value): self = .blob(Array(value))
        }
    }
}
