import Foundation
public import GRDB
import GRDBSQLite

/// SQLite through GRDB: a `Database` inside `read`/`write` is a store connection. Statements are
/// prepared once per connection and reused (`cachedStatement`), as the hot paths need.
extension Database: StoreConnection {
    public var engine: StoreEngine { .sqlite }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        let statement = try cachedStatement(sql: sql)
        // Statements that write (the hot ones: inbox, outbox, journal, fold and ticket rows)
        // bind straight to SQLite. Transaction control (SAVEPOINT, RELEASE…) is read-only to
        // SQLite and goes through GRDB, which keeps track of it.
        if !arguments.isEmpty, !statement.isReadonly {
            try step(statement, binding: arguments)
        } else {
            try statement.execute(arguments: Self.statementArguments(arguments))
        }
        return changesCount
    }

    /// Binds `values` to the statement's SQLite handle and steps it to the end.
    ///
    /// Why: GRDB's path turns each value into a `DatabaseValue` (a blob into `Data`, a copy),
    /// then an existential, then `StatementArguments`, and validates them against the statement
    /// again on every execution; that was about half of what a fold of the sla clock rows cost
    /// on the writer's thread, where stepping the statement in SQLite was a tenth
    /// (BENCHMARKS.md, "Seventeenth session"). Here each value is bound with its own
    /// `sqlite3_bind_*` call, and text and blobs are copied once, by SQLite. GRDB's change
    /// observation is not told about these statements; nothing in this project observes
    /// changes, and its commit and rollback hooks (what `afterNextTransaction` uses) are
    /// SQLite's, called whatever stepped the statement.
    private func step(_ statement: Statement, binding values: [StoreValue]) throws {
        let handle = statement.sqliteStatement
        guard Int(sqlite3_bind_parameter_count(handle)) == values.count else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(sqlite3_bind_parameter_count(handle)) parameters",
                sql: statement.sql)
        }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (index, value) in zip(Int32(1)..., values) {
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(var text):
                // By length, so text holding NUL is stored whole; "" is text, not NULL.
                code = text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
                    }
                }
            case .blob(let bytes):
                code = bytes.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: lastErrorMessage, sql: statement.sql) }
        }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: continue
            case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: lastErrorMessage, sql: statement.sql)
            }
        }
    }

    /// SQLite copies the value before the bind call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

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
