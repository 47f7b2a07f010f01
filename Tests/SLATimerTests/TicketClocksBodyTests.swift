import Foundation
import StoreTesting
import SupportBus
import SupportDomain
import SupportStore
import Testing

@testable import SLATimer

/// The binary body of a ticket's clocks (``TicketClocks/body()``): exact round trips of every
/// shape the rules make, the JSON of older stores still read (rows and journal), damage refused.
@Suite struct TicketClocksBodyTests {
    let policy = SLAPolicy.default
    let rules = TicketClocksTests()

    /// Clocks in every state the rules produce: running, paused, stopped, warned, breached,
    /// with and without the summary's optional fields.
    func shapes() -> [TicketClocks] {
        var summary = rules.summary(group: .premium, type: .incident, priority: .urgent)
        summary.requesterPhone = "+55 11 91234-5678"
        summary.requesterTimeZone = "America/Sao_Paulo"
        summary.subject = "Não consigo entrar 🙁 — 日本語"
        summary.createdAt = Date(timeIntervalSince1970: 1_789_000_000.123_456_7)
        let start = TicketClocksTests.at("2027-03-15T12:00:00Z").addingTimeInterval(0.000_123)
        let fresh = TicketClocks(classified: rules.classified(summary), start: start, policy: policy)
        var paused = fresh
        _ = paused.apply(rules.update(summary, .status, from: .open, to: .pending, at: "2027-03-15T13:00:00Z"), policy: policy)
        var resolved = fresh
        _ = resolved.apply(rules.update(summary, .status, from: .open, to: .resolved, at: "2027-03-15T13:30:00Z"), policy: policy)
        var breached = fresh
        _ = breached.fire(now: TicketClocksTests.at("2027-04-30T00:00:00Z"), policy: policy)
        var bare = rules.summary(type: .doubt)
        bare.type = nil
        bare.priority = nil
        let doubt = TicketClocks(classified: rules.classified(bare), start: start, policy: policy)
        return [fresh, paused, resolved, breached, doubt]
    }

    @Test("every shape of clocks reads back equal, to the last bit of each time")
    func roundTrip() throws {
        let shapes = shapes()
        #expect(shapes.contains { $0.clocks.contains { $0.breached && $0.warningsFired > 0 } }, "the breached shape fired")
        #expect(shapes.contains { $0.clocks.contains { $0.state == .paused && $0.runningSince == nil } })
        for clocks in shapes {
            let body = clocks.body()
            let back = try TicketClocks(body: body)
            #expect(back == clocks)
            #expect(back.ticket.createdAt.timeIntervalSinceReferenceDate.bitPattern == clocks.ticket.createdAt.timeIntervalSinceReferenceDate.bitPattern)
            let json = try StreamingJSONEncoder(dates: .secondsSince1970).encode(clocks)
            #expect(body.count * 2 < json.count, "the body is under half its JSON (\(body.count) against \(json.count) bytes)")
        }
    }

    /// A tripwire: a field added to any of these types must be added to the body too, or it
    /// would silently come back as its default after a restart.
    @Test("the body covers every stored field of the summary, the clocks and each clock")
    func everyField() {
        let clocks = shapes()[0]
        #expect(Mirror(reflecting: clocks).children.count == 3, "TicketClocks: update TicketClocks+Body.swift")
        #expect(Mirror(reflecting: clocks.ticket).children.count == 15, "TicketSummary: update TicketClocks+Body.swift")
        #expect(Mirror(reflecting: clocks.clocks[0]).children.count == 10, "SLAClock: update TicketClocks+Body.swift")
    }

    @Test("a JSON body from a store written before the binary form still reads")
    func legacyRow() throws {
        for clocks in shapes() {
            let json = try StreamingJSONEncoder(dates: .secondsSince1970).encode(clocks)
            let expected = try JSONByteDecoder(dates: .secondsSince1970).decode(TicketClocks.self, from: json)
            #expect(try TicketClocks(body: json) == expected)
        }
    }

    @Test("a cut, extended or foreign body throws instead of reading as other clocks")
    func damaged() throws {
        let body = shapes()[1].body()
        for cut in 1..<body.count {
            #expect(throws: ByteReader.Failure.self) { try TicketClocks(body: body.prefix(cut)) }
        }
        #expect(throws: ByteReader.Failure.self) { try TicketClocks(body: body + [0]) }
        #expect(throws: ByteReader.Failure.self) { try TicketClocks(body: [2] + body.dropFirst()) }
        #expect(throws: (any Error).self) { try TicketClocks(body: [UInt8]()) }
    }

    /// A store upgraded from the build before binary bodies, killed with clocks in the journal:
    /// its journal row is a JSON array of JSON bodies, and opening the store folds it.
    @Test("a journal row of JSON bodies, left by the build before, folds when the store opens")
    func legacyJournal() async throws {
        let location = try await ClockJournalTests.fresh()
        let first = try await SLAServiceStoreTests.service(at: location)
        let current = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        _ = try await first.applyBatch([current])
        let old = shapes()[1]
        let array = try StreamingJSONEncoder(dates: .secondsSince1970).encode([old])
        try await first.store.storage.write { db in try db.execute("INSERT INTO clock_journal (bodies) VALUES (?)", [.blob(array)]) }

        let second = try await SLAServiceStoreTests.service(at: location)
        #expect(try await ClockJournalTests.counts(second) == (rows: 2, journal: 0))
        let expected = try JSONByteDecoder(dates: .secondsSince1970).decode(TicketClocks.self, from: try StreamingJSONEncoder(dates: .secondsSince1970).encode(old))
        let (read, other) = try await second.store.storage.read { db in
            (try second.store.load(old.ticket.id, in: db), try second.store.load(current.ticketID!, in: db))
        }
        #expect(read == expected, "the old row's clocks, now a binary row")
        #expect(other?.status == .open)
        let format = try await second.store.storage.read { db in
            try db.row("SELECT substr(body, 1, 1) FROM ticket_clocks WHERE ticket_id = ?", [.text(old.ticket.id)])!.bytes(0)
        }
        #expect(format == [TicketClocks.bodyFormat])
    }
}
