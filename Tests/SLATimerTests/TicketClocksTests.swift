import Foundation
import SupportDomain
import Testing

@testable import SLATimer

/// The SLA rules over a ticket's clocks, driven by events with explicit times.
@Suite struct TicketClocksTests {
    let policy = SLAPolicy.default

    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    func summary(group: PlanGroup = .standard, type: TicketType, priority: Priority = .normal) -> TicketSummary {
        TicketSummary(
            id: "t1", number: 1, account: "a", planGroup: group, requester: "u", requesterName: "U",
            requesterEmail: "u@example.com", requesterPhone: nil, requesterLanguage: .en, requesterTimeZone: nil,
            channel: .portal, subject: "s", type: type, priority: priority, createdAt: Self.at("2027-03-15T12:00:00Z"))
    }

    func classified(_ summary: TicketSummary) -> TicketClassified {
        TicketClassified(
            ticket: summary, requestedType: summary.type,
            classification: TicketClassification(
                type: summary.type ?? .doubt, typeConfidence: 0.9, priority: summary.priority ?? .normal,
                priorityConfidence: 0.9, language: .en, languageConfidence: 0.9), typeMismatch: false, model: "m")
    }

    func update(
        _ summary: TicketSummary, _ change: TicketUpdated.Change, from: TicketStatus, to: TicketStatus,
        author: TicketUpdated.Author = .agent, isPublic: Bool = true, at: String
    ) -> TicketUpdated {
        TicketUpdated(
            ticket: summary, change: change, status: to, previousStatus: from, author: author, isPublic: isPublic, body: nil,
            at: Self.at(at))
    }

    func topics(_ events: [Event]) -> [String] {
        events.map { event in
            switch event {
            case .slaMet(let e), .slaPaused(let e), .slaResumed(let e), .slaWarning(let e), .slaBreached(let e):
                "\(event.topic.rawValue):\(e.clock.kind.rawValue)"
            default: event.topic.rawValue
            }
        }
    }

    /// A standard doubt (8h first response, 3bd resolution) opened Mon 2027-03-15 09:00 BRT.
    @Test("a standard doubt gets business-hour dues from the SPEC table")
    func start() {
        let clocks = TicketClocks(classified: classified(summary(type: .doubt)), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        let due = Dictionary(uniqueKeysWithValues: clocks.clocks.map { ($0.kind, $0.dueAt) })
        #expect(due[.firstResponse] == Self.at("2027-03-15T20:00:00Z"), "09:00 + 8h = 17:00 BRT")
        #expect(due[.resolution] == Self.at("2027-03-18T12:00:00Z"), "3 × 10h from Mon 09:00 = Thu 09:00 BRT")
        #expect(due[.nextUpdate] == nil, "doubts have no next-update clock")
    }

    @Test("a premium urgent incident counts 24×7 and has a next-update clock")
    func premiumUrgent() {
        let clocks = TicketClocks(
            classified: classified(summary(group: .premium, type: .incident, priority: .urgent)),
            start: Self.at("2027-03-13T23:00:00Z"), policy: policy)
        let due = Dictionary(uniqueKeysWithValues: clocks.clocks.map { ($0.kind, $0.dueAt) })
        #expect(due[.firstResponse] == Self.at("2027-03-13T23:30:00Z"), "Saturday night still counts")
        #expect(due[.nextUpdate] == Self.at("2027-03-14T00:00:00Z"))
        #expect(due[.resolution] == Self.at("2027-03-14T07:00:00Z"))
    }

    @Test("reply, pending, answer, resolve, reopen move the right clocks")
    func lifecycle() {
        let s = summary(type: .doubt)
        var clocks = TicketClocks(classified: classified(s), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        #expect(topics(clocks.apply(update(s, .reply, from: .open, to: .open, at: "2027-03-15T13:00:00Z"), policy: policy)) == ["sla.met:firstResponse"])
        #expect(topics(clocks.apply(update(s, .status, from: .open, to: .pending, at: "2027-03-15T14:00:00Z"), policy: policy)) == ["sla.paused:resolution"])
        #expect(topics(clocks.apply(update(s, .reply, from: .pending, to: .open, author: .customer, at: "2027-03-17T12:00:00Z"), policy: policy)) == ["sla.resumed:resolution"])
        // Consumed 2h before the pause; 28h left from Wed 09:00 BRT: Wed 9h, Thu 10h, Fri 9h → Fri 17:00 BRT.
        #expect(clocks.clocks.first { $0.kind == .resolution }?.dueAt == Self.at("2027-03-19T20:00:00Z"))
        #expect(topics(clocks.apply(update(s, .status, from: .open, to: .resolved, at: "2027-03-17T13:00:00Z"), policy: policy)) == ["sla.met:resolution"])
        #expect(topics(clocks.apply(update(s, .reply, from: .resolved, to: .open, author: .customer, at: "2027-03-18T12:00:00Z"), policy: policy)) == ["sla.resumed:resolution"])
        // 3h consumed (2h + 1h): 27h left from Thu 09:00 → Thu 9h, Fri 10h, Mon 8h → Mon 16:00 BRT.
        #expect(clocks.clocks.first { $0.kind == .resolution }?.dueAt == Self.at("2027-03-22T19:00:00Z"))
    }

    @Test("a private agent note does not count as the first response")
    func privateNote() {
        let s = summary(type: .task)
        var clocks = TicketClocks(classified: classified(s), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        #expect(clocks.apply(update(s, .reply, from: .open, to: .open, isPublic: false, at: "2027-03-15T13:00:00Z"), policy: policy).isEmpty)
    }

    @Test("warnings and the breach fire once even when the timer runs late")
    func firing() {
        let s = summary(type: .doubt)
        var clocks = TicketClocks(classified: classified(s), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        let late = clocks.fire(now: Self.at("2027-03-15T21:00:00Z"), policy: policy)
        #expect(topics(late) == ["sla.warning:firstResponse", "sla.warning:firstResponse", "sla.breached:firstResponse"])
        #expect(clocks.fire(now: Self.at("2027-03-15T21:00:01Z"), policy: policy).isEmpty)
        // The resolution's 75% warning: 22.5h of 30h — Mon 9h + Tue 10h + Wed 3.5h → Wed 11:30 BRT.
        #expect(clocks.nextFire(policy: policy) == Self.at("2027-03-17T14:30:00Z"))
    }

    @Test("an incident's next-update clock restarts on each public agent update")
    func nextUpdate() {
        let s = summary(type: .incident, priority: .urgent)
        var clocks = TicketClocks(classified: classified(s), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        let events = clocks.apply(update(s, .reply, from: .open, to: .open, at: "2027-03-15T13:00:00Z"), policy: policy)
        #expect(topics(events) == ["sla.met:firstResponse", "sla.met:nextUpdate"])
        #expect(clocks.clocks.first { $0.kind == .nextUpdate }?.dueAt == Self.at("2027-03-15T17:00:00Z"), "4h from 10:00 BRT")
    }

    @Test("a type change recomputes targets from creation, keeping paused time")
    func retarget() {
        let s = summary(type: .doubt)
        var clocks = TicketClocks(classified: classified(s), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        _ = clocks.apply(update(s, .status, from: .open, to: .pending, at: "2027-03-15T14:00:00Z"), policy: policy)
        _ = clocks.apply(update(s, .status, from: .pending, to: .open, at: "2027-03-16T12:00:00Z"), policy: policy)
        var incident = s
        incident.type = .incident
        incident.priority = .urgent
        let events = clocks.apply(update(incident, .classification, from: .open, to: .open, at: "2027-03-16T13:00:00Z"), policy: policy)
        #expect(topics(events) == ["sla.started"])
        // Resolution: 1bd = 10h; consumed 2h (Mon) + 1h (Tue 09–10) = 3h; 7h left from Tue 10:00 → 17:00 BRT.
        #expect(clocks.clocks.first { $0.kind == .resolution }?.dueAt == Self.at("2027-03-16T20:00:00Z"))
        #expect(clocks.clocks.contains { $0.kind == .nextUpdate && $0.state == .running })
    }
}

extension TicketClocksTests {
    @Test("reopening restarts next update and says so; a reply while pending keeps it paused")
    func nextUpdateAroundPending() {
        let s = summary(type: .incident, priority: .high)
        var clocks = TicketClocks(classified: classified(s), start: Self.at("2027-03-15T12:00:00Z"), policy: policy)
        _ = clocks.apply(update(s, .status, from: .open, to: .pending, at: "2027-03-15T13:00:00Z"), policy: policy)
        let reply = clocks.apply(update(s, .reply, from: .pending, to: .pending, at: "2027-03-15T14:00:00Z"), policy: policy)
        #expect(topics(reply) == ["sla.met:firstResponse", "sla.met:nextUpdate", "sla.paused:nextUpdate"])
        #expect(clocks.clocks.first { $0.kind == .nextUpdate }?.state == .paused)
        _ = clocks.apply(update(s, .status, from: .pending, to: .resolved, at: "2027-03-15T15:00:00Z"), policy: policy)
        let reopened = clocks.apply(
            update(s, .reply, from: .resolved, to: .open, author: .customer, at: "2027-03-16T12:00:00Z"), policy: policy)
        #expect(topics(reopened) == ["sla.resumed:resolution", "sla.resumed:nextUpdate"])
        #expect(clocks.clocks.allSatisfy { $0.kind == .firstResponse || $0.state == .running })
    }
}
