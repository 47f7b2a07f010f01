import Foundation
import SupportBus
import SupportDomain
import SupportStore
import Synchronization

/// Applies the rules to a batch and encodes its rows and events before its transaction, while
/// the batch before it is still in its own: the transaction then only checks and writes.
///
/// Why: on SQLite one thread runs every write transaction, one after the other, and with the
/// rules and the encoding inside them that thread was what held the service's rate
/// (BENCHMARKS.md, "Nineteenth session"); ahead of it they run on the other core.
///
/// Why it stays right: a batch is prepared from the clocks the batches before it will commit
/// (kept here until they have) and, for other tickets, from the committed clocks in memory
/// (a batch that would need a ticket's row is left to its transaction). Its
/// transaction then checks that what the rules read is still what the store holds: the same
/// events new to the inbox, the same clocks for every ticket they read (a timer pass, a policy
/// change or another process may have moved them since), no held update for a ticket whose
/// clocks they started. If anything differs, the transaction applies the rules again itself,
/// as it does for every batch on PostgreSQL, where instances share the rows. A batch the rules
/// cannot prepare (an update that came before its ticket's classification must be kept in the
/// store) is left to its transaction the same way. The events of a discarded preparation are
/// never written or sent; their sequence numbers stay unused, so the event stream shows a gap
/// there (`supportctl tail`).
public final class ClockPipeline: Sendable {
    /// A batch prepared ahead of its transaction, and what its transaction must find unchanged.
    public struct Prepared: Sendable {
        let batch: UInt64
        /// The batch's event ids the rules took as new to the inbox.
        let fresh: Set<String>
        /// Every ticket whose clocks the rules read, with the clocks they found (nil: none).
        let read: [String: TicketClocks?]
        /// Tickets whose clocks the rules started: none may have a held update.
        let started: [String]
        let changes: ClockStore.PreparedChanges
    }

    /// What the batches prepared and not yet through their transactions will commit.
    private struct Ahead {
        var clocks: [String: (clocks: TicketClocks, batch: UInt64)] = [:]
        var eventIDs: [String: UInt64] = [:]
        var lastBatch: UInt64 = 0
    }

    private let ahead = Mutex(Ahead())
    private let written = Atomic<Int>(0)
    private let appliedAgain = Atomic<Int>(0)

    /// Batches prepared ahead so far, by what their transactions did: wrote them as prepared,
    /// or applied the rules again because what they read had changed.
    public var outcomes: (written: Int, appliedAgain: Int) { (written.load(ordering: .relaxed), appliedAgain.load(ordering: .relaxed)) }

    /// An update the rules must keep in the store: the batch is left to its transaction.
    private struct NeedsStore: Error {}

    /// Prepares `events` after the batches prepared before (and in their order); nil if the
    /// rules need the store for them (an update to hold, clocks only in a row).
    func prepare(_ events: [Envelope], service: SLAService) async throws -> Prepared? {
        // The batches before this one: their new events and the clocks they will commit.
        let (batch, fresh, applied, pending) = ahead.withLock { ahead in
            ahead.lastBatch += 1
            var fresh = Set<String>()
            var applied: [Envelope] = []
            for event in events where ahead.eventIDs[event.id] == nil && fresh.insert(event.id).inserted { applied.append(event) }
            var pending: [String: TicketClocks] = [:]
            for id in Set(applied.compactMap(\.ticketID)) { pending[id] = ahead.clocks[id]?.clocks }
            return (ahead.lastBatch, fresh, applied, pending)
        }
        var read: [String: TicketClocks?] = [:]
        var committed: [String] = []
        for id in Set(applied.compactMap(\.ticketID)) {
            if let clocks = pending[id] { read.updateValue(clocks, forKey: id) } else { committed.append(id) }
        }
        let classified = Set(applied.compactMap { if case .ticketClassified(let c) = $0.event { c.ticket.id } else { nil } })
        guard let cached = try await service.store.cachedClocks(committed, new: classified) else { return nil }
        for (id, clocks) in cached { read.updateValue(clocks, forKey: id) }
        var started: [String] = []
        var changes = ClockChanges()
        let source = ClockSource(
            clocks: { id in read[id] ?? nil },
            takeEarly: { id in
                started.append(id)
                return []
            },
            holdEarly: { _, _ in throw NeedsStore() })
        do {
            for event in applied { try service.apply(event, to: &changes, from: source) }
        } catch is NeedsStore {
            return nil
        }
        let prepared = Prepared(
            batch: batch, fresh: fresh, read: read, started: started, changes: try service.store.prepare(changes))
        ahead.withLock { ahead in
            for clocks in prepared.changes.clocks { ahead.clocks[clocks.ticket.id] = (clocks, batch) }
            for id in fresh { ahead.eventIDs[id] = batch }
        }
        return prepared
    }

    /// Whether `prepared` still holds in the transaction `db` of its batch, whose inbox took
    /// `fresh` as new.
    func holds(_ prepared: Prepared, fresh: Set<String>, store: ClockStore, in db: any StoreConnection) throws -> Bool {
        let holds = try fresh == prepared.fresh && prepared.read.allSatisfy { id, clocks in try store.load(id, in: db) == clocks }
            && !store.hasEarly(prepared.started, in: db)
        if holds { written.add(1, ordering: .relaxed) } else { appliedAgain.add(1, ordering: .relaxed) }
        return holds
    }

    /// Forgets what `prepared` was to commit, once its transaction is over (committed or not).
    func finish(_ prepared: Prepared) {
        ahead.withLock { ahead in
            for clocks in prepared.changes.clocks where ahead.clocks[clocks.ticket.id]?.batch == prepared.batch {
                ahead.clocks[clocks.ticket.id] = nil
            }
            for id in prepared.fresh where ahead.eventIDs[id] == prepared.batch { ahead.eventIDs[id] = nil }
        }
    }
}
