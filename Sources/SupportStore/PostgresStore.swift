import Dispatch
import Foundation
import Logging
import Synchronization

/// A service's PostgreSQL store: one connection for transactions and one for reads, each with a
/// serial queue of its own that its statements block (the concurrency pool never waits on
/// the server). A connection that dropped is replaced before the next use.
final class PostgresStore: Sendable {
    private let location: PostgresLocation
    private let schema: String
    private let logger: Logger
    private let writer = Lane(label: "supportdesk.store.postgres.writer")
    private let reader = Lane(label: "supportdesk.store.postgres.reader")

    init(_ location: PostgresLocation, schema: StoreSchema, logger: Logger) throws {
        self.location = location
        self.schema = schema.name
        self.logger = logger
        try writer.queue.sync { try migrate(schema.postgres) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await writer.perform { [self] in
            let session = try session(writer)
            try session.execute("BEGIN")
            do {
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                _ = try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await reader.perform { [self] in try body(try session(reader)) }
    }

    func close() {
        for lane in [writer, reader] { lane.queue.sync { lane.session.withLock { $0?.close() } } }
    }

    /// The lane's connection, (re)opened when missing or closed. Runs on the lane's queue.
    private func session(_ lane: Lane) throws -> PostgresSession {
        if let session = lane.session.withLock({ $0 }), !session.isClosed { return session }
        let session = try PostgresSession(location, schema: schema, logger: logger)
        lane.session.withLock { $0 = session }
        return session
    }

    /// Applies the migrations not yet recorded, under a transaction-scoped advisory lock keyed by
    /// the schema, so instances starting together apply each migration once.
    private func migrate(_ migrations: [StoreMigration]) throws {
        let session = try session(writer)
        try session.execute("BEGIN")
        do {
            try session.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.lockKey(schema))])
            try session.execute(
                "CREATE TABLE IF NOT EXISTS store_migrations (id TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
            let applied = Set(try session.rows("SELECT id FROM store_migrations", []).map { try $0.string(0) })
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.statements { try session.execute(statement) }
                try session.execute(
                    "INSERT INTO store_migrations (id, applied_at) VALUES (?, ?)",
                    [.text(migration.id), .real(Date().timeIntervalSince1970)])
                logger.info("store migration applied", metadata: ["schema": "\(schema)", "migration": "\(migration.id)"])
            }
            try session.execute("COMMIT")
        } catch {
            _ = try? session.execute("ROLLBACK")
            throw error
        }
    }

    /// A stable 63-bit key per schema name (FNV-1a), the same in every process.
    static func lockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }

    /// A connection and the serial queue that owns it.
    private final class Lane: Sendable {
        let queue: DispatchQueue
        let session = Mutex<PostgresSession?>(nil)

        init(label: String) { queue = DispatchQueue(label: label) }

        func perform<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try work() }) }
            }
        }
    }
}
