import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One PostgreSQL connection driven synchronously: each statement blocks the calling thread (a
/// store queue's, never the concurrency pool's) until the server answers, so the same
/// transaction code runs on both engines.
final class PostgresSession: StoreConnection, Sendable {
    private let connection: PostgresConnection
    private let logger: Logger
    private static let ids = Atomic<Int>(0)

    var engine: StoreEngine { .postgres }
    var isClosed: Bool { connection.isClosed }

    /// Connects and selects the service's schema (`search_path`, which may not exist yet), so
    /// services sharing one database keep their tables apart.
    init(_ location: PostgresLocation, schema: String, logger: Logger) throws {
        self.logger = logger
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                id: Self.ids.add(1, ordering: .relaxed).newValue, logger: logger
            ).wait()
        } catch {
            throw StoreError.engine("cannot connect to postgres://\(location.user)@\(location.host):\(location.port)/\(location.database): \(Self.describe(error))")
        }
        // The schema itself is created by the migrations, under their lock: two sessions running
        // CREATE SCHEMA IF NOT EXISTS at the same moment can still collide.
        try execute("SET search_path TO \(schema)")
    }

    func close() {
        guard !connection.isClosed else { return }
        let closed: EventLoopFuture<Void> = connection.close()
        // Waits unless on the connection's own event loop (where waiting would deadlock).
        if !connection.eventLoop.inEventLoop { _ = try? closed.wait() }
    }

    /// A store dropped without `close()` (a test, a failed start) still closes its connection.
    deinit { close() }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
        try run(sql, arguments).rows.map { row in try StoreRow(row.map(Self.value)) }
    }

    private func run(_ sql: String, _ arguments: [StoreValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let value): binds.append(ByteBuffer(bytes: value))
            }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
        } catch {
            throw StoreError.engine(Self.describe(error))
        }
    }

    /// `?` placeholders become `$1`, `$2`… (outside quoted text), so statements are written once.
    static func numbered(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var n = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                n += 1
                out += "$\(n)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func value(_ cell: PostgresCell) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2: return .integer(Int64(try cell.decode(Int16.self)))
        case .int4: return .integer(Int64(try cell.decode(Int32.self)))
        case .int8: return .integer(try cell.decode(Int64.self))
        case .float4: return .real(Double(try cell.decode(Float.self)))
        case .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .numeric:
            let text = "\(try cell.decode(Decimal.self))"
            if let integer = Int64(text) { return .integer(integer) }
            return .real(Double(text) ?? .nan)
        case .bytea:
            let buffer = try cell.decode(ByteBuffer.self)
            return .blob(Array(buffer.readableBytesView))
        default: return .text(try cell.decode(String.self))
        }
    }

    /// The server's own message and SQLSTATE: `PSQLError`'s description hides them on purpose
    /// (they may hold data), but a store error in our logs must say what went wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return "postgres: \(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        return "postgres: \(error.code)"
    }
}
