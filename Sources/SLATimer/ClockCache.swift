import GRDB
import SupportDomain
import Synchronization

/// The clocks as last committed to a SQLite store, so an update neither reads nor decodes its
/// ticket's row (the largest single cost of an update, BENCHMARKS.md).
///
/// Changes made in a transaction are staged and become visible to later transactions only when
/// it commits; a rollback drops them. Both happen in SQLite's commit and rollback hooks, on the
/// writer, before the next transaction can begin. If another connection wrote to the file since
/// (another process, `supportctl`), `PRAGMA data_version` has moved and everything is dropped.
/// PostgreSQL gets no cache: instances sharing it change each other's rows.
///
/// Bounded: past `capacity` tickets the cache starts again empty, which costs a row read for
/// each ticket seen next and keeps memory flat with a million open clocks.
final class ClockCache: Sendable {
    private struct State {
        var committed: [String: TicketClocks] = [:]
        var staged: [String: TicketClocks] = [:]
        var joined = false
        var dataVersion: Int64 = -1
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The clocks of `ticketID` as this transaction sees them, if cached.
    func clocks(_ ticketID: String, in db: Database) throws -> TicketClocks? {
        try join(db)
        return state.withLock { $0.staged[ticketID] ?? $0.committed[ticketID] }
    }

    /// Clocks read from the row: what is committed (this transaction's own changes are staged).
    func remember(_ clocks: TicketClocks) {
        state.withLock { state in
            if state.staged[clocks.ticket.id] == nil { state.committed[clocks.ticket.id] = clocks }
        }
    }

    /// Clocks this transaction saved.
    func stage(_ clocks: TicketClocks, in db: Database) throws {
        try join(db)
        state.withLock { $0.staged[clocks.ticket.id] = clocks }
    }

    /// The first use in a transaction: hooks its end, and drops the cache if another connection
    /// committed since this one last looked.
    private func join(_ db: Database) throws {
        guard !state.withLock({ $0.joined }) else { return }
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        state.withLock { state in
            state.joined = true
            if state.dataVersion != version {
                state.committed.removeAll()
                state.dataVersion = version
            }
        }
        db.afterNextTransaction(onCommit: { [self] _ in commit() }, onRollback: { [self] _ in rollback() })
    }

    private func commit() {
        state.withLock { state in
            state.committed.merge(state.staged) { _, new in new }
            state.staged.removeAll(keepingCapacity: true)
            state.joined = false
            if state.committed.count > capacity { state.committed.removeAll() }
        }
    }

    private func rollback() {
        state.withLock { state in
            state.staged.removeAll(keepingCapacity: true)
            state.joined = false
        }
    }
}
