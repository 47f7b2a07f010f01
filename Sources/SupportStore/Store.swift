public import GRDB
public import Logging

/// A stateful service's durable store, on SQLite or PostgreSQL as `store.url` says; the one store
/// type services build their own (`ClockStore`, …) on.
///
/// `write` runs its closure as one transaction and returns after the commit is durable (SQLite:
/// `synchronous = FULL`; PostgreSQL: its default `synchronous_commit = on`); `read` sees committed
/// data. Both run the closure off the concurrency pool.
public final class Store: Sendable {
    public let location: StoreLocation
    private let backend: Backend
    private let logger: Logger
    /// A SQLite commit that takes longer than this is logged (`slow commit`) with the time from
    /// the end of its statements to the commit's completion (mostly the WAL's `fdatasync`, plus
    /// commit callbacks registered before this one) and the time its statements took: what tells
    /// an operator, or a latency tail in a load run, whether a stall is the disk.
    private let slowCommit: Duration

    /// The default for `slowCommit`, and what the checkpoint thread logs past (`slow checkpoint`).
    public static let slowCommit = Duration.milliseconds(50)

    private enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresStore)
    }

    /// Opens the store and applies the schema's migrations (safe when several processes start
    /// at once on either engine).
    public init(_ location: StoreLocation, schema: StoreSchema, logger: Logger, slowCommit: Duration = Store.slowCommit) throws {
        self.location = location
        self.logger = logger
        self.slowCommit = slowCommit
        switch location {
        case .sqlite(let path):
            backend = .sqlite(try DurableStore.open(path: path, migrator: schema.sqlite))
        case .postgres(let server):
            backend = .postgres(try PostgresStore(server, schema: schema, logger: logger))
        }
    }

    /// A store over a pool a service already opened with GRDB (the services whose own tables
    /// are SQLite-only so far).
    public init(sqlite pool: DatabasePool, logger: Logger = Logger(label: "support.store")) {
        location = .sqlite(path: pool.path)
        backend = .sqlite(pool)
        self.logger = logger
        slowCommit = Self.slowCommit
    }

    public var engine: StoreEngine {
        switch backend {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The SQLite pool, for code that speaks GRDB directly; nil on PostgreSQL.
    public var sqlitePool: DatabasePool? {
        if case .sqlite(let pool) = backend { return pool }
        return nil
    }

    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool):
            try await pool.write { [logger, slowCommit] db in
                let started = ContinuousClock.now
                let result = try body(db)
                let statementsDone = ContinuousClock.now
                db.afterNextTransaction(onCommit: { _ in
                    let commit = ContinuousClock.now - statementsDone
                    guard commit > slowCommit else { return }
                    logger.warning(
                        "slow commit",
                        metadata: [
                            "commit_ms": "\(Int(commit / .milliseconds(1)))", "statements_ms": "\(Int((statementsDone - started) / .milliseconds(1)))",
                            "store": "\(pool.path)",
                        ])
                })
                return result
            }
        case .postgres(let store): try await store.write(body)
        }
    }

    /// Like `write`, but on SQLite this one commit is not synced to disk (`synchronous = OFF`
    /// for its transaction only), which saves an `fdatasync` (0.6 ms at the median, 2.5 ms at
    /// p99 under load on this project's machines, BENCHMARKS.md). Only for changes a power cut
    /// may take back because something else repairs them: an acknowledged outbox row deleted (lost, it is sent again and
    /// the consumer's inbox drops the repeat), the sla journal folded into its rows (the journal
    /// keeps every clock until a synced commit deletes it). Any later synced commit makes this
    /// one durable too: the WAL is synced whole, and frames replay in order. PostgreSQL: `write`.
    @discardableResult
    public func writeUnsynced<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        guard case .sqlite(let pool) = backend else { return try await write(body) }
        return try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
            let result = Result { () throws -> T in
                var value: T?
                try db.inTransaction {
                    value = try body(db)
                    return .commit
                }
                return value!
            }
            try db.execute(sql: DurableStore.syncEveryCommit)
            return try result.get()
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool): try await pool.read { db in try body(db) }
        case .postgres(let store): try await store.read(body)
        }
    }

    /// A read that blocks the calling thread: only for start-up, before serving (never on the
    /// concurrency pool once requests flow).
    public func readNow<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let pool): try pool.read { db in try body(db) }
        case .postgres(let store): try store.readNow(body)
        }
    }

    /// Whether the store takes a write now (readiness): SQLite must get its write lock, the
    /// server must answer on the transaction connection.
    public func probe() async -> Bool {
        switch backend {
        case .sqlite(let pool):
            (try? await pool.write { db in try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS ready_probe (x)") }) != nil
        case .postgres(let store):
            (try? await store.write { db in try db.rows("SELECT 1", []) }) != nil
        }
    }

    /// Closes PostgreSQL connections; SQLite closes with the pool.
    public func close() {
        if case .postgres(let store) = backend { store.close() }
    }
}
