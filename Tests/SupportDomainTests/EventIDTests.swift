import Foundation
import Testing

@testable import SupportDomain

@Suite struct EventIDTests {
    @Test("ids sort by creation time and are unique")
    func ordering() {
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = (0..<1000).map { EventID.make(now: base.addingTimeInterval(Double($0) / 100)) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 36 })
    }

    @Test("a derived id is a pure function of parent and salt and keeps the parent's time")
    func derived() {
        let parent = EventID.make(now: Date())
        let a = EventID.derived(from: parent, salt: "ticket.classified")
        #expect(a == EventID.derived(from: parent, salt: "ticket.classified"))
        #expect(a != EventID.derived(from: parent, salt: "sla.started"))
        #expect(a.prefix(13) == parent.prefix(13))
    }

    /// Receivers deduplicate a recomputed event by its id, so a new release must derive the ids
    /// an older one did (values from the first implementation, reproduced independently).
    @Test("derived ids are stable across releases")
    func derivedIsStable() {
        #expect(EventID.derived(from: "0195f3a2-7c4e-7abc-8def-0123456789ab", salt: "sla.paused/T-1/0") == "0195f3a2-7c4e-8ab2-915c-2cacb8c43bc5")
        #expect(EventID.derived(from: "short", salt: "x") == "00000000-0000-82ed-b057-2bcfc4262363")
        #expect(EventID.derived(from: "t-ABC", salt: "sla.met/t-ABC/1") == "ab000000-0000-814d-86f4-8220e86c629c")
    }
}

@Suite struct TimestampTests {
    @Test("format and parse round-trip to the millisecond", arguments: [0.0, 1.5, 1_798_761_600.123, -86_400.999, 4_102_444_800.5])
    func roundTrip(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = Timestamp.format(date)
        let parsed = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(parsed) == text)
        #expect(abs(parsed.timeIntervalSince1970 - (seconds * 1000).rounded(.down) / 1000) < 0.0005)
    }

    @Test("offsets and missing fractions parse; garbage does not")
    func parsing() {
        #expect(Timestamp.parse("2027-02-05T17:00:00-03:00") == Timestamp.parse("2027-02-05T20:00:00Z"))
        #expect(Timestamp.format(Timestamp.parse("2027-02-05T20:00:00.5Z")!) == "2027-02-05T20:00:00.500Z")
        for bad in ["", "2027-02-05", "2027-13-05T20:00:00Z", "2027-02-05T20:00:00", "2027-02-05T25:00:00Z", "x027-02-05T20:00:00Z"] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("local times show the zone's offset")
    func local() {
        let date = Timestamp.parse("2026-11-26T13:00:00Z")!
        #expect(Timestamp.local(date, timeZone: "America/Sao_Paulo") == "2026-11-26 10:00:00 -03:00")
        #expect(Timestamp.local(date, timeZone: "Asia/Kolkata") == "2026-11-26 18:30:00 +05:30")
    }
}

@Suite struct TypeResolutionTests {
    static func verdict(_ type: TicketType, _ confidence: Double) -> TicketClassification {
        TicketClassification(
            type: type, typeConfidence: confidence, priority: .high, priorityConfidence: 0.6, language: .en,
            languageConfidence: 0.99)
    }

    @Test("the more urgent type wins and a confident disagreement is flagged")
    func resolution() {
        #expect(TypeResolution.resolve(requested: .doubt, classification: Self.verdict(.incident, 0.9)) == (.incident, true))
        #expect(TypeResolution.resolve(requested: .incident, classification: Self.verdict(.doubt, 0.9)) == (.incident, true))
        #expect(TypeResolution.resolve(requested: .task, classification: Self.verdict(.doubt, 0.5)) == (.task, false))
        #expect(TypeResolution.resolve(requested: nil, classification: Self.verdict(.task, 0.4)) == (.task, false))
    }
}
