import Foundation
public import GRDB

/// Opens a service's SQLite store the one way every stateful service does: the folder made if
/// missing, WAL (a `DatabasePool`), a 10 s busy timeout for the other processes that open the
/// file (supportctl, a second instance), `synchronous = FULL` because an acknowledgement or a
/// 201 promises the commit survives a power cut, a 64 MiB page cache per connection (SQLite's
/// default of 2 MiB sent most reads of a busy store to `pread`), checkpoints by a thread of their
/// own (`WALCheckpointer`) with the writer's own at 16,384 pages (64 MiB) as a safety net, the
/// WAL file cut back to 64 MiB after one, and every migration applied.
public enum DurableStore {
    /// The writer's level: the WAL synced at every commit. `Store.writeUnsynced` returns to it.
    static let syncEveryCommit = "PRAGMA synchronous = FULL"

    public static func open(path: String, migrator: DatabaseMigrator) throws -> DatabasePool {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384; PRAGMA journal_size_limit = 67108864") }
        let pool = try openRetryingBusy(path: path, configuration: configuration)
        // Only now: a pool switches its writer to WAL after `prepareDatabase` ran, and sets
        // `synchronous = NORMAL` as it does, under which a commit is not synced to disk (only a
        // checkpoint is). The writer is the one connection that commits, for the pool's life.
        try pool.writeWithoutTransaction { db in try db.execute(sql: syncEveryCommit) }
        try migrator.migrateConcurrently(pool)
        WALCheckpointer.start(for: pool)
        return pool
    }

    /// Two processes creating the same new file race to switch it to WAL, and SQLite answers the
    /// loser `SQLITE_BUSY` at once, without consulting the busy timeout. Retry for up to 10 s.
    private static func openRetryingBusy(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline
            {
                usleep(UInt32.random(in: 20_000...80_000))
            }
        }
    }
}
