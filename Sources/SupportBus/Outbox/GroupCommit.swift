public import SupportStore
import Synchronization

/// Many callers' writes in one transaction, one `fsync` for all (group commit, as database
/// servers do for concurrent clients).
///
/// A caller whose closure throws (a validation error, a conflict) is rolled back alone and only
/// it sees the error. Every caller is answered only after the shared transaction has committed:
/// a success is durable when it is reported. While one transaction commits, the next callers
/// queue up and go together in the next, so the batch grows with the load and a lone caller
/// waits for no one.
///
/// A batch first runs with no savepoints. A savepoint makes SQLite copy every page its work
/// touches to a statement journal (a temporary file), before the change, so that it can be
/// undone alone: with one savepoint per caller that was 66 KB of writes per ticket on intake,
/// nine times what the commit itself wrote (BENCHMARKS.md). Only when a closure throws
/// is the whole transaction rolled back and the batch run again with a savepoint per caller.
/// The closures only touch the database, so running one twice is safe.
public final class GroupCommit: Sendable {
    private let store: Store
    private let maximumBatch: Int
    private let queue = Mutex<(jobs: [Job], draining: Bool)>(([], false))

    private struct Job: Sendable {
        /// Runs the caller's work, in a savepoint when `isolated`; keeps its result or error for
        /// `finish`. Not isolated, an error is also thrown (as ``Failed``) so the batch stops.
        let run: @Sendable (any StoreConnection, _ isolated: Bool) throws -> Void
        /// Answers the caller: nil once the transaction committed, or the commit's error.
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// A caller's closure threw in a batch without savepoints: its outcome holds the error.
    private struct Failed: Error {}

    public init(store: Store, maximumBatch: Int = 512) {
        self.store = store
        self.maximumBatch = maximumBatch
    }

    /// Runs `body` in the next shared transaction and returns its result once that committed.
    /// `body` may run twice (again after a rollback, when another caller's work failed), so it
    /// must change nothing but the database.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = Outcome<T>()
            let job = Job(
                run: { db, isolated in
                    guard isolated else {
                        do {
                            outcome.set(.success(try body(db)))
                        } catch {
                            outcome.set(.failure(error))
                            throw Failed()
                        }
                        return
                    }
                    // SQL savepoints, the same on both engines; a failed caller's work is undone
                    // alone (on PostgreSQL this also clears the transaction's error state).
                    do {
                        try db.execute("SAVEPOINT group_commit")
                        do {
                            outcome.set(.success(try body(db)))
                            try db.execute("RELEASE SAVEPOINT group_commit")
                        } catch {
                            outcome.set(.failure(error))
                            try db.execute("ROLLBACK TO SAVEPOINT group_commit")
                            try db.execute("RELEASE SAVEPOINT group_commit")
                        }
                    } catch {
                        outcome.set(.failure(error))
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.get() ?? .failure(CancellationError()))
                    }
                })
            let start = queue.withLock { state -> Bool in
                state.jobs.append(job)
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Commits queued work batch after batch until the queue is empty.
    private func drain() async {
        while true {
            let jobs = queue.withLock { state -> [Job] in
                let taken = Array(state.jobs.prefix(maximumBatch))
                state.jobs.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            guard !jobs.isEmpty else { return }
            do {
                try await commit(jobs, isolated: false)
            } catch is Failed where jobs.count == 1 {
                // The transaction held that one caller's work only: it is undone, and its
                // outcome holds the error.
                jobs[0].finish(nil)
            } catch is Failed {
                do {
                    try await commit(jobs, isolated: true)
                } catch {
                    for job in jobs { job.finish(error) }
                }
            } catch {
                for job in jobs { job.finish(error) }
            }
        }
    }

    private func commit(_ jobs: [Job], isolated: Bool) async throws {
        try await store.write { db in for job in jobs { try job.run(db, isolated) } }
        for job in jobs { job.finish(nil) }
    }
}

/// One caller's result, set on the database's writer thread, read after the commit.
private final class Outcome<T: Sendable>: Sendable {
    private let value = Mutex<Result<T, any Error>?>(nil)
    func set(_ result: Result<T, any Error>) { value.withLock { $0 = result } }
    func get() -> Result<T, any Error>? { value.withLock { $0 } }
}
