import Foundation
import GRDB
import SupportDomain
import SupportStore
import Synchronization

/// The clocks of a SQLite store in memory: the committed clocks an update reads instead of its
/// ticket's row, and the changes the clock journal holds that the rows do not have yet.
///
/// On SQLite a batch appends its changed clocks to the journal (``ClockJournal``) instead of
/// rewriting each ticket's row, so until the next fold the rows are behind: the **unfolded**
/// entries here are then the truth, and every lookup prefers them. A fold writes them to the
/// rows (in chunks) and then deletes the journal rows they came from.
///
/// Changes made in a transaction are staged and become visible to later transactions only when
/// it commits; a rollback drops them. Both happen in SQLite's commit and rollback hooks, on the
/// writer, before the next transaction can begin. If another connection wrote to the file since
/// (another process, `supportctl`), `PRAGMA data_version` has moved: the committed clocks are
/// dropped and the unfolded ones are read again from the journal, which holds every writer's,
/// and a fold under way stops (the next one starts from what the journal says).
/// PostgreSQL gets no cache: instances sharing it change each other's rows.
///
/// Memory: past `capacity` tickets the committed (folded) clocks start again empty, which
/// costs a row read for each ticket seen next and keeps their share flat with a million open
/// clocks; the unfolded entries are bounded by how often the store folds. The next fire times
/// (``DueTimes``) are not bounded: every ticket with one has an entry, about 150 bytes, which
/// is what keeps the timer loop off the disk (BENCHMARKS.md, "Seventeenth session").
final class ClockCache: Sendable {
    /// A ticket's clocks and their `ticket_clocks` row values, made once when the change was
    /// written so a fold only runs statements.
    ///
    /// A class: the cache moves entries between its tables on every commit, and a reference
    /// moves as one pointer where the clocks' dozen strings would each be retained and released
    /// (BENCHMARKS.md). Each commit stages new entries, so identity tells a fold whether a later
    /// commit replaced the one it wrote.
    final class Entry: Sendable {
        let clocks: TicketClocks
        let row: [StoreValue]
        /// When the timer loop must look at the ticket next (the row's `next_fire_at`).
        let nextFire: Double?

        init(clocks: TicketClocks, row: [StoreValue]) {
            self.clocks = clocks
            self.row = row
            nextFire = if case .real(let time) = row[2] { time } else { nil }
        }
    }

    private struct State {
        var committed: [String: TicketClocks] = [:]
        var unfolded: [String: Entry] = [:]
        var staged: [String: Entry] = [:]
        /// The oldest unfolded change, as seconds since 1970: folding waits at most so long.
        var unfoldedSince: Double?
        /// Every ticket's next fire time, the rows' and the journal's, as of the last commit.
        var due = DueTimes()
        /// Set by the last step of a fold: the entries it wrote.
        var folded: [Entry] = []
        var joined = false
        var dataVersion: Int64 = -1
    }

    private let state = Mutex(State())
    let capacity: Int
    /// Reads every unfolded entry back from the journal, and every row's next fire time: after
    /// another connection wrote, and on first use (after a restart, whatever the last run left).
    private let replay: @Sendable (Database) throws -> (unfolded: [String: Entry], rowsDue: [String: Double])

    init(capacity: Int = 100_000, replay: @escaping @Sendable (Database) throws -> (unfolded: [String: Entry], rowsDue: [String: Double])) {
        self.capacity = capacity
        self.replay = replay
    }

    /// The clocks of `ticketID` as this transaction sees them, if cached.
    func clocks(_ ticketID: String, in db: Database) throws -> TicketClocks? {
        try join(db)
        return state.withLock { $0.staged[ticketID]?.clocks ?? $0.unfolded[ticketID]?.clocks ?? $0.committed[ticketID] }
    }

    /// The committed clocks of `ticketID` whose row is behind (a reader's view: nothing staged).
    func unfolded(_ ticketID: String) -> TicketClocks? {
        state.withLock { $0.unfolded[ticketID]?.clocks }
    }

    /// The committed clocks of `ticketID` if cached, from outside the writer's transaction
    /// (``ClockPipeline``): nothing staged, and nothing another process wrote since the writer
    /// last looked, which the transaction that uses them checks.
    func committedClocks(_ ticketID: String) -> TicketClocks? {
        state.withLock { $0.unfolded[ticketID]?.clocks ?? $0.committed[ticketID] }
    }

    /// Clocks read from the row: what is committed (this transaction's own changes are staged).
    func remember(_ clocks: TicketClocks) {
        state.withLock { state in
            if state.staged[clocks.ticket.id] == nil, state.unfolded[clocks.ticket.id] == nil {
                state.committed[clocks.ticket.id] = clocks
            }
        }
    }

    /// Clocks this transaction saved to the journal.
    func stage(_ entry: Entry, in db: Database) throws {
        try join(db)
        state.withLock { $0.staged[entry.clocks.ticket.id] = entry }
    }

    /// Tickets with something due by `now` (seconds since 1970), earliest first, at most `limit`:
    /// in the writer's transaction, so another process's changes are read first.
    func due(now: Double, limit: Int, in db: Database) throws -> [String] {
        try join(db)
        return state.withLock { $0.due.due(now: now, limit: limit) }
    }

    /// Ids after `ticketID` whose clocks are unfolded, in order (the rows may not have them yet).
    func unfoldedIDs(after ticketID: String, in db: Database) throws -> [String] {
        try join(db)
        return state.withLock { $0.unfolded.keys.filter { $0 > ticketID } }.sorted()
    }

    /// How many tickets are unfolded, and since when (seconds since 1970).
    var backlog: (tickets: Int, since: Double?) {
        state.withLock { ($0.unfolded.count, $0.unfoldedSince) }
    }

    /// The unfolded entries in ticket order, for a fold to write in the rows.
    func foldable(in db: Database) throws -> [Entry] {
        try join(db)
        return state.withLock { $0.unfolded.values.sorted { $0.clocks.ticket.id < $1.clocks.ticket.id } }
    }

    /// False if another connection committed since `foldable`: the fold must stop, since what
    /// it would write may be older than the rows now are.
    func stillCurrent(in db: Database) throws -> Bool {
        try !join(db)
    }

    /// The fold's last step, in the transaction that deletes the journal rows it wrote out: if
    /// it commits, the entries written that no later commit replaced leave the unfolded set.
    func finishFold(_ written: [Entry], in db: Database) throws -> Bool {
        guard try !join(db) else { return false }
        state.withLock { state in
            state.folded = written
        }
        return true
    }

    /// The first use in a transaction: hooks its end, and reads the journal again if another
    /// connection committed since this one last looked (then returns true).
    @discardableResult
    private func join(_ db: Database) throws -> Bool {
        guard !state.withLock({ $0.joined }) else { return false }
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        let stale = state.withLock { state in
            state.joined = true
            return state.dataVersion != version
        }
        if stale {
            let (unfolded, rowsDue) = try replay(db)
            var times = rowsDue
            for (id, entry) in unfolded { times[id] = entry.nextFire }
            let due = DueTimes(times)
            state.withLock { state in
                state.committed.removeAll()
                state.due = due
                state.unfolded = unfolded
                state.unfoldedSince = unfolded.isEmpty ? nil : Date.now.timeIntervalSince1970
                state.dataVersion = version
            }
        }
        db.afterNextTransaction(onCommit: { [self] _ in commit() }, onRollback: { [self] _ in rollback() })
        return stale
    }

    private func commit() {
        state.withLock { state in
            for entry in state.folded where state.unfolded[entry.clocks.ticket.id] === entry {
                state.unfolded[entry.clocks.ticket.id] = nil
                state.committed[entry.clocks.ticket.id] = entry.clocks
            }
            if !state.folded.isEmpty { state.unfoldedSince = state.unfolded.isEmpty ? nil : Date.now.timeIntervalSince1970 }
            for (id, entry) in state.staged {
                state.unfolded[id] = entry
                state.committed[id] = nil
                state.due.set(id, entry.nextFire)
            }
            if !state.staged.isEmpty, state.unfoldedSince == nil { state.unfoldedSince = Date.now.timeIntervalSince1970 }
            state.staged.removeAll(keepingCapacity: true)
            state.folded.removeAll()
            state.joined = false
            if state.committed.count > capacity { state.committed.removeAll() }
        }
    }

    private func rollback() {
        state.withLock { state in
            state.staged.removeAll(keepingCapacity: true)
            state.folded.removeAll()
            state.joined = false
        }
    }
}
