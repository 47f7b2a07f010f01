import Foundation
import StoreTesting
import SupportBus
import SupportDomain
import SupportStore
import Testing

@testable import SLATimer

/// The SQLite store's clock journal against real files: what a transaction changed is in the
/// journal, not the rows, until a fold; a restart, a timer pass and a fold each see the clocks
/// the journal holds.
@Suite struct ClockJournalTests {
    static func fresh() async throws -> StoreLocation {
        try await TestStores.offPool { try TestStores.fresh(.sqlite, name: "sla") }
    }

    /// Rows in `ticket_clocks` and in `clock_journal`.
    static func counts(_ service: SLAService) async throws -> (rows: Int, journal: Int) {
        try await service.store.storage.read { db in
            (try db.row("SELECT COUNT(*) FROM ticket_clocks")!.int(0), try db.row("SELECT COUNT(*) FROM clock_journal")!.int(0))
        }
    }

    static func pending(_ classified: Envelope, at offset: TimeInterval) -> Envelope {
        guard case .ticketClassified(let payload) = classified.event else { fatalError("a classification") }
        return EventFactory(service: "test").envelope(
            .ticketUpdated(
                TicketUpdated(
                    ticket: payload.ticket, change: .status, status: .pending, previousStatus: .open, author: .agent,
                    isPublic: false, body: nil, at: classified.occurredAt.addingTimeInterval(offset))))
    }

    /// A process killed after commits that were not folded yet: the next one to open the store
    /// writes the journal's clocks to the rows before anything reads them.
    @Test("clocks only in the journal survive a restart and reach the rows when the store opens")
    func restart() async throws {
        let location = try await Self.fresh()
        let first = try await SLAServiceStoreTests.service(at: location)
        let classified = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        let id = try #require(classified.ticketID)
        _ = try await first.applyBatch([classified])
        _ = try await first.applyBatch([Self.pending(classified, at: 60)])
        #expect(try await Self.counts(first) == (rows: 0, journal: 2), "each transaction appended one journal row, no clock row")

        let second = try await SLAServiceStoreTests.service(at: location)
        #expect(try await Self.counts(second) == (rows: 1, journal: 0))
        let row = try await second.store.storage.read { db in try db.row("SELECT body, paused FROM ticket_clocks")! }
        let clocks = try TicketClocks(body: try row.bytes(0))
        #expect(clocks.ticket.id == id && clocks.status == .pending, "the row holds the latest clocks, the update's")
        #expect(try row.int(1) == 1, "pending paused the resolution clock")
    }

    /// SQLite keeps no index on the rows' next fire times; the next instance reads them from
    /// the rows and the journal when it opens, and fires what is due in both.
    @Test("after a restart the due times come from the rows and the journal, with no index on disk")
    func dueTimesAfterRestart() async throws {
        let location = try await Self.fresh()
        let first = try await SLAServiceStoreTests.service(at: location)
        let folded = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        _ = try await first.applyBatch([folded])
        try await first.fold(all: true)
        let unfolded = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        _ = try await first.applyBatch([unfolded])
        #expect(try await Self.counts(first) == (rows: 1, journal: 1))

        let second = try await SLAServiceStoreTests.service(at: location)
        let indexes = try await second.store.storage.read { db in
            try db.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket_clocks'", []).map { try $0.string(0) }
        }
        #expect(!indexes.contains("ticket_clocks_due"))
        let later = folded.occurredAt.addingTimeInterval(60 * 86_400)
        let breached = try await second.firePass(now: later).filter { $0.0.topic == .slaBreached }.compactMap(\.0.ticketID)
        #expect(breached.sorted() == [folded.ticketID!, folded.ticketID!, unfolded.ticketID!, unfolded.ticketID!].sorted())
        #expect(try await second.firePass(now: later.addingTimeInterval(1)).isEmpty, "fired once")
    }

    /// A fold writes in chunks of `foldChunk` rows, one transaction each, then empties the
    /// journal; the clocks read afterwards are those written.
    @Test("a fold writes every ticket's latest clocks to its row and empties the journal")
    func fold() async throws {
        let service = try await SLAServiceStoreTests.service(at: try await Self.fresh())
        let tickets = ClockStore.foldChunk * 2 + 100
        let classified = (0..<tickets).map { _ in SLAServiceStoreTests.classified(EventID.make(now: Date())) }
        _ = try await service.applyBatch(classified)
        _ = try await service.applyBatch(classified.prefix(50).map { Self.pending($0, at: 60) })
        // Whole clocks: a body gives every time back to the bit.
        let before = try await service.store.storage.read { db in try classified.map { try service.store.load($0.ticketID!, in: db) } }
        #expect(try await Self.counts(service) == (rows: 0, journal: 2))

        try await service.fold(all: true)
        #expect(try await Self.counts(service) == (rows: tickets, journal: 0))
        let paused = try await service.store.storage.read { db in try db.row("SELECT SUM(paused) FROM ticket_clocks")!.int(0) }
        #expect(paused == 50, "the fifty updated tickets have their latest rows")
        let after = try await service.store.storage.read { db in try classified.map { try service.store.load($0.ticketID!, in: db) } }
        #expect(after == before)
        #expect(!(try await service.store.foldIfDue()), "nothing waits")
    }

    /// After a fold, a ticket the timer fires is in the journal again while its row still says
    /// it was due. The next pass must take the journal's word: fire nothing and write nothing.
    @Test("a fired ticket's stale row is not fired again before the next fold")
    func staleRowNotFiredAgain() async throws {
        let service = try await SLAServiceStoreTests.service(at: try await Self.fresh())
        let classified = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        _ = try await service.applyBatch([classified])
        try await service.fold(all: true)
        let later = classified.occurredAt.addingTimeInterval(60 * 86_400)
        #expect(try await service.firePass(now: later).filter { $0.0.topic == .slaBreached }.count == 2)
        let journal = try await Self.counts(service).journal
        #expect(try await service.firePass(now: later.addingTimeInterval(1)).isEmpty)
        #expect(try await Self.counts(service).journal == journal, "the second pass wrote no journal row")
    }

    /// An instance started with a new policy before another wrote tickets it has not folded:
    /// those tickets have no row yet, only journal entries, and the recompute must reach them.
    @Test("a policy change recomputes tickets that are only in the journal")
    func recomputeReachesJournal() async throws {
        let location = try await Self.fresh()
        let original = try await SLAServiceStoreTests.service(at: location)
        try await original.recomputeIfPolicyChanged()
        let changed = try SLAPolicy(warningFractions: [0.5, 0.9], calendars: SLAPolicy.default.calendars, rules: SLAPolicy.default.rules)
        let restarted = try await SLAServiceStoreTests.service(at: location, policy: changed)
        let tickets = (0..<30).map { _ in SLAServiceStoreTests.classified(EventID.make(now: Date())) }
        _ = try await original.applyBatch(tickets)
        #expect(try await Self.counts(original).rows == 0, "the tickets are only in the journal")

        try await restarted.recomputeIfPolicyChanged()
        let role = try #require(Topic.slaStarted.consumers.first)
        let started = try await restarted.store.storage.read { db in
            try BatchOutbox.owed(in: db).filter { $0.role == role }.map { try EnvelopeCodec.decode($0.bytes) }.filter { $0.topic == .slaStarted }.count
        }
        #expect(started == 2 * tickets.count, "each ticket started at classification and again for the new policy")
    }

    /// At a trickle the 50,000-ticket trigger never fires; the age trigger keeps the rows (what
    /// other processes read) at most `foldSeconds` behind.
    @Test("a change waits at most foldSeconds for its fold")
    func foldByAge() async throws {
        let service = try await SLAServiceStoreTests.service(at: try await Self.fresh())
        _ = try await service.applyBatch([SLAServiceStoreTests.classified(EventID.make(now: Date()))])
        #expect(!(try await service.store.foldIfDue()), "just written: not due yet")
        #expect(try await Self.counts(service) == (rows: 0, journal: 1))
        #expect(try await service.store.foldIfDue(now: Date().addingTimeInterval(ClockStore.foldSeconds + 1)))
        #expect(try await Self.counts(service) == (rows: 1, journal: 0))
    }
}
