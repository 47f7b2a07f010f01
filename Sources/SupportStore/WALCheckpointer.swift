import Foundation
import GRDB
import Logging

/// Copies a store's committed WAL pages into its database file from a thread and a connection of
/// its own, so that a commit does not wait for a checkpoint.
///
/// Why: SQLite checkpoints on the connection that commits, once the WAL passes its threshold.
/// With the default of 1,000 pages most batch commits of a large sla store also copied pages and
/// synced the database file; raising the threshold to 64 MiB halved that cost but made the
/// occasional commit that did checkpoint take long enough to double the end-to-end p99 latency
/// (BENCHMARKS.md). A passive checkpoint from another connection copies what is committed without
/// taking the writer's lock, so commits and checkpoints overlap on the two cores. The writer's
/// own threshold stays as a safety net (`DurableStore`), and it finds little left to copy.
///
/// The thread blocks in file I/O, so it is a `Thread`, not a task; it ends when the pool it
/// serves is gone.
enum WALCheckpointer {
    /// Checkpoints every `interval`, and logs `slow checkpoint` for one that takes longer than
    /// `slow`.
    static func start(
        for pool: DatabasePool, every interval: TimeInterval = 0.1, slow: Duration = Store.slowCommit,
        logger: Logger = Logger(label: "support.store")
    ) {
        let path = pool.path
        let watched = WeakPool(pool)
        let thread = Thread {
            var configuration = Configuration()
            configuration.busyMode = .timeout(1)
            guard let connection = try? DatabaseQueue(path: path, configuration: configuration) else { return }
            while watched.pool != nil {
                Thread.sleep(forTimeInterval: interval)
                // PASSIVE: copies what no reader still needs, never waits for the writer.
                let started = ContinuousClock.now
                _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                let took = ContinuousClock.now - started
                // Its syncs share the disk with the writer's commits: a slow one here beside a
                // `slow commit` says a commit waited behind it.
                if took > slow {
                    logger.warning("slow checkpoint", metadata: ["checkpoint_ms": "\(Int(took / .milliseconds(1)))", "store": "\(path)"])
                }
            }
        }
        thread.name = "sqlite-checkpoint"
        thread.start()
    }
}

/// The checkpointer's link to its pool: it must not keep the pool (and its file) open.
private final class WeakPool: Sendable {
    weak let pool: DatabasePool?
    init(_ pool: DatabasePool) { self.pool = pool }
}
