import Dispatch
import Foundation
import Logging
import Synchronization

/// A service's PostgreSQL store: one connection for transactions and one for reads, each owned
/// by a thread of its own that its statements block. Neither the concurrency pool nor
/// Dispatch's shared threads ever wait on the server. A connection that dropped is replaced
/// before the next use.
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
        let migrations = schema.postgres
        do {
            try writer.wait { [self] in try migrate(migrations) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

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

    func readNow<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) throws -> T {
        try reader.wait { [self] in try body(try session(reader)) }
    }

    /// Ends both lanes' threads, each closing its connection first.
    func close() {
        writer.stop()
        reader.stop()
    }

    /// The lane's connection, (re)opened when missing or closed. Runs on the lane's thread.
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
            try session.execute("CREATE SCHEMA IF NOT EXISTS \(schema)")
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

    /// A connection and the thread that owns it: jobs run one at a time, in order.
    private final class Lane: Sendable {
        let session = Mutex<PostgresSession?>(nil)
        private let jobs = Mutex<(queue: [@Sendable () -> Void], stopped: Bool)>(([], false))
        private let ready = DispatchSemaphore(value: 0)

        init(label: String) {
            let thread = Thread { [self] in run() }
            thread.name = label
            thread.start()
        }

        private func run() {
            while true {
                ready.wait()
                let (job, stopped) = jobs.withLock { state in (state.queue.isEmpty ? nil : state.queue.removeFirst(), state.stopped) }
                if let job {
                    job()
                } else if stopped {
                    session.withLock { $0?.close() }
                    return
                }
            }
        }

        private func submit(_ job: @escaping @Sendable () -> Void) {
            jobs.withLock { $0.queue.append(job) }
            ready.signal()
        }

        func stop() {
            jobs.withLock { $0.stopped = true }
            ready.signal()
        }

        func perform<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                submit { continuation.resume(with: Result { try work() }) }
            }
        }

        /// Runs `work` on the lane's thread and blocks the caller until it is done (start-up only).
        func wait<T: Sendable>(_ work: @escaping @Sendable () throws -> T) throws -> T {
            let result = Mutex<Result<T, any Error>?>(nil)
            let done = DispatchSemaphore(value: 0)
            submit {
                result.withLock { $0 = Result { try work() } }
                done.signal()
            }
            done.wait()
            return try result.withLock { $0! }.get()
        }
    }
}
