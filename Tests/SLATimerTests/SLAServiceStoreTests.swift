import Foundation
import Logging
import StoreTesting
import SupportBus
import SupportDomain
import SupportStore
import Testing

@testable import SLATimer

/// The sla service's apply and timer paths against a real store: a SQLite file and a database
/// on a real PostgreSQL server.
@Suite struct SLAServiceStoreTests {
    static func service(_ engine: StoreEngine) async throws -> SLAService {
        try await service(at: try await TestStores.offPool { try TestStores.fresh(engine, name: "sla") })
    }

    /// An instance on `location`, which other instances may share. Opening waits on the store
    /// (a PostgreSQL server), so it runs on a thread of its own, not the concurrency pool.
    static func service(at location: StoreLocation, policy: SLAPolicy = .default) async throws -> SLAService {
        try await TestStores.offPool {
            try SLAService(
                configuration: SLAConfiguration(
                    store: location, policy: policy, bus: BusEndpoints(publish: "inproc://a", subscribe: "inproc://b", handoff: "inproc://c")),
                logger: Logger(label: "test"))
        }
    }

    static func classified(_ id: String, createdAt: Date = Date(), type: TicketType = .doubt, priority: Priority = .normal) -> Envelope {
        let summary = TicketSummary(
            id: id, number: 1, account: "a", planGroup: .standard, requester: "u", requesterName: "U",
            requesterEmail: "u@example.com", requesterPhone: nil, requesterLanguage: .en, requesterTimeZone: nil,
            channel: .portal, subject: "s", type: type, priority: priority, createdAt: createdAt)
        return EventFactory(service: "test").envelope(
            .ticketClassified(
                TicketClassified(
                    ticket: summary, requestedType: type,
                    classification: TicketClassification(
                        type: type, typeConfidence: 0.9, priority: priority, priorityConfidence: 0.9, language: .en,
                        languageConfidence: 0.9), typeMismatch: false, model: "m")))
    }

    @Test("the same event delivered twice has one effect", arguments: TestStores.engines)
    func duplicateDelivery(engine: StoreEngine) async throws {
        let service = try await Self.service(engine)
        let envelope = Self.classified(EventID.make(now: Date()))
        let first = try await service.applyBatch([envelope, envelope])
        #expect(first.map(\.0.topic) == [.slaStarted], "listed twice in one batch, applied once")
        let second = try await service.applyBatch([envelope, envelope])
        #expect(second.isEmpty, "a redelivery produces nothing")
        try await service.store.fold()  // on SQLite the rows follow the clock journal at a fold
        let (clocks, owed) = try await service.store.storage.read { db in
            (try db.row("SELECT COUNT(*) FROM ticket_clocks")!.int(0), try BatchOutbox.owed(in: db).count)
        }
        #expect(clocks == 1)
        #expect(owed == Topic.slaStarted.consumers.count, "one sla.started owed to each consumer, once")

        // A reply listed twice in one batch has the effect of one: compared with a twin ticket's
        // single reply. A high incident's next-update clock restarts at each public agent
        // reply, so a reply applied twice would report it met twice.
        func reply(to classified: Envelope) -> Envelope {
            guard case .ticketClassified(let payload) = classified.event else { fatalError("a classification") }
            return EventFactory(service: "test").envelope(
                .ticketUpdated(
                    TicketUpdated(
                        ticket: payload.ticket, change: .reply, status: .open, previousStatus: .open, author: .agent, isPublic: true,
                        body: nil, at: classified.occurredAt.addingTimeInterval(60))))
        }
        let (twice, once) = (
            Self.classified(EventID.make(now: Date()), type: .incident, priority: .high),
            Self.classified(EventID.make(now: Date()), type: .incident, priority: .high)
        )
        _ = try await service.applyBatch([twice, once])
        let doubled = reply(to: twice)
        let topics = try await service.applyBatch([doubled, doubled]).map(\.0.topic)
        let single = try await service.applyBatch([reply(to: once)]).map(\.0.topic)
        #expect(!topics.isEmpty && topics == single, "\(topics) against \(single)")
    }

    @Test("an update that arrives before its classification is held, then applied in order", arguments: TestStores.engines)
    func earlyUpdate(engine: StoreEngine) async throws {
        let service = try await Self.service(engine)
        let id = EventID.make(now: Date())
        let classified = Self.classified(id)
        guard case .ticketClassified(let payload) = classified.event else { return }
        let update = EventFactory(service: "test").envelope(
            .ticketUpdated(
                TicketUpdated(
                    ticket: payload.ticket, change: .status, status: .pending, previousStatus: .open, author: .agent,
                    isPublic: true, body: nil, at: Date().addingTimeInterval(1))))
        #expect(try await service.applyBatch([update]).isEmpty)
        let produced = try await service.applyBatch([classified]).map(\.0.topic)
        #expect(produced == [.slaStarted, .slaPaused])
    }
}

extension SLAServiceStoreTests {
    /// The timer path against the store: the due index finds the ticket, each warning and the
    /// breach are committed once, and a pass after that (as after a restart) fires nothing again.
    @Test("timer passes fire each warning and the breach once, from the store", arguments: TestStores.engines)
    func timerPasses(engine: StoreEngine) async throws {
        let service = try await Self.service(engine)
        let envelope = Self.classified(EventID.make(now: Date()))
        _ = try await service.applyBatch([envelope])
        let start = envelope.occurredAt
        // Standard doubt: first response 8 business hours. Far in the future every due time has passed.
        let later = start.addingTimeInterval(60 * 86_400)
        let fired = try await service.firePass(now: later).map(\.0.topic)
        #expect(fired.filter { $0 == .slaWarning }.count == 4, "two warnings for each of the two clocks")
        #expect(fired.filter { $0 == .slaBreached }.count == 2)
        #expect(try await service.firePass(now: later.addingTimeInterval(1)).isEmpty)
    }
}

extension SLAServiceStoreTests {
    /// What `supportdesk_sla_clocks{state}` reports, from the clocks table's summary columns.
    @Test("the clock census counts running, paused, at-risk and breached clocks from the store", arguments: TestStores.engines)
    func census(engine: StoreEngine) async throws {
        let service = try await Self.service(engine)
        let envelope = Self.classified(EventID.make(now: Date()))
        guard case .ticketClassified(let payload) = envelope.event else { return }
        _ = try await service.applyBatch([envelope])
        let store = service.store
        let now = envelope.occurredAt
        var counts = try await store.census(horizon: now)
        #expect(counts.running == 2 && counts.paused == 0 && counts.breached == 0 && counts.atRisk == 0)
        counts = try await store.census(horizon: now.addingTimeInterval(60 * 86_400))
        #expect(counts.atRisk == 2, "both running clocks fall due within the horizon")
        let pending = EventFactory(service: "test").envelope(
            .ticketUpdated(
                TicketUpdated(
                    ticket: payload.ticket, change: .status, status: .pending, previousStatus: .open, author: .agent,
                    isPublic: false, body: nil, at: now.addingTimeInterval(1))))
        _ = try await service.applyBatch([pending])
        counts = try await store.census(horizon: now.addingTimeInterval(60 * 86_400))
        #expect(counts.running == 1 && counts.paused == 1 && counts.atRisk == 1, "pending pauses resolution, not first response")
        _ = try await service.firePass(now: now.addingTimeInterval(60 * 86_400))
        counts = try await store.census(horizon: now)
        #expect(counts.breached == 1 && counts.atRisk == 0, "the breached clock is no longer at risk")
    }

    /// Two instances sharing the store start with a changed policy at the same moment. They
    /// continue one pass over the open clocks (the cursor is in the store, each page under a
    /// lock) rather than each recomputing every clock, which would publish every retargeted
    /// clock twice.
    @Test("a policy change recomputes each open clock once, however many instances share the store", arguments: TestStores.engines)
    func policyChangeAcrossInstances(engine: StoreEngine) async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(engine, name: "sla") }
        let original = try await Self.service(at: location)
        try await original.recomputeIfPolicyChanged()
        let tickets = 1_200
        let envelopes = (0..<tickets).map { _ in Self.classified(EventID.make(now: Date())) }
        for start in stride(from: 0, to: tickets, by: 500) {
            _ = try await original.applyBatch(Array(envelopes[start..<min(start + 500, tickets)]))
        }
        let changed = try SLAPolicy(warningFractions: [0.5, 0.9], calendars: SLAPolicy.default.calendars, rules: SLAPolicy.default.rules)
        let first = try await Self.service(at: location, policy: changed)
        let second = try await Self.service(at: location, policy: changed)
        async let one: Void = first.recomputeIfPolicyChanged()
        async let two: Void = second.recomputeIfPolicyChanged()
        _ = try await (one, two)

        let role = try #require(Topic.slaStarted.consumers.first)
        let owed = try await first.store.storage.read { db in
            try BatchOutbox.owed(in: db).filter { $0.role == role }.map { try EnvelopeCodec.decode($0.bytes) }
        }
        var started: [String: Int] = [:]
        for envelope in owed where envelope.topic == .slaStarted { started[envelope.ticketID ?? "", default: 0] += 1 }
        #expect(started.count == tickets)
        let twice = started.filter { $0.value != 2 }
        #expect(twice.count == 0, "each ticket: started at classification, restarted once by the new policy; \(twice.count) tickets differ, e.g. \(twice.first.map { "\($0.value) times" } ?? "")")
        // Later starts, and a third instance, find the pass done.
        let third = try await Self.service(at: location, policy: changed)
        try await third.recomputeIfPolicyChanged()
        let after = try await third.store.storage.read { db in try BatchOutbox.owed(in: db).count { $0.role == role } }
        #expect(after == owed.count)
    }

    struct Refused: Error {}

    /// What an update reads is what was committed: a transaction that saved clocks and then
    /// failed leaves nothing behind, in the store or in the SQLite cache of committed clocks.
    @Test("a rolled-back change is not seen by the next transaction", arguments: TestStores.engines)
    func rollbackLeavesNothing(engine: StoreEngine) async throws {
        let service = try await Self.service(engine)
        let store = service.store
        let id = EventID.make(now: Date())
        _ = try await service.applyBatch([Self.classified(id)])
        // First a timer pass with nothing due: on SQLite a transaction that writes nothing, at
        // whose end the cache's commit hook must still run, or the next one would not be hooked.
        #expect(try await service.firePass(now: Date()).isEmpty)
        await #expect(throws: Refused.self) {
            try await store.storage.write { db in
                var clocks = try #require(try store.load(id, in: db))
                clocks.status = .pending
                var changes = ClockChanges()
                changes.set(clocks)
                _ = try store.write(changes, in: db)
                #expect(try store.load(id, in: db)?.status == .pending, "the transaction sees its own change")
                throw Refused()
            }
        }
        let status = try await store.storage.write { db in try store.load(id, in: db)?.status }
        #expect(status == .open)
        let read = try await store.storage.read { db in try store.load(id, in: db)?.status }
        #expect(read == .open, "a read sees the committed clocks too")
    }

    /// Another process writing the same SQLite file (or another instance on PostgreSQL) changes
    /// a ticket this instance has seen: the next load returns the new clocks, not remembered ones.
    @Test("clocks another connection changed are read again", arguments: TestStores.engines)
    func otherWriterSeen(engine: StoreEngine) async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(engine, name: "sla") }
        let mine = try await Self.service(at: location)
        let other = try await Self.service(at: location)
        let id = EventID.make(now: Date())
        _ = try await mine.applyBatch([Self.classified(id)])
        try await other.store.storage.write { db in
            var clocks = try #require(try other.store.load(id, in: db))
            clocks.status = .pending
            var changes = ClockChanges()
            changes.set(clocks)
            _ = try other.store.write(changes, in: db)
        }
        let status = try await mine.store.storage.write { db in try mine.store.load(id, in: db)?.status }
        #expect(status == .pending)
    }

    /// A ticket another process (or instance) classified is due for this one's timer too: on
    /// SQLite the due times are in memory, and the writer's transaction reads them again.
    @Test("a timer pass fires what another connection made due", arguments: TestStores.engines)
    func otherWriterFired(engine: StoreEngine) async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(engine, name: "sla") }
        let mine = try await Self.service(at: location)
        let other = try await Self.service(at: location)
        _ = try await mine.applyBatch([Self.classified(EventID.make(now: Date()))])
        let classified = Self.classified(EventID.make(now: Date()))
        _ = try await other.applyBatch([classified])
        let later = classified.occurredAt.addingTimeInterval(60 * 86_400)
        let breached = try await mine.firePass(now: later).filter { $0.0.topic == .slaBreached }.compactMap(\.0.ticketID)
        #expect(breached.filter { $0 == classified.ticketID } .count == 2)
    }
}

extension SLAServiceStoreTests {
    /// A batch gathers its changes (each ticket's row written once, rows and envelopes encoded
    /// together): applied at once it must leave the same clocks and produce the same events, in
    /// the same order, as the same deliveries applied one transaction each. The batch mixes
    /// classifications, updates before their classification, several updates of one ticket, and
    /// a redelivery.
    @Test("a batch applied at once equals the same deliveries applied one by one", arguments: TestStores.engines)
    func batchEqualsOneByOne(engine: StoreEngine) async throws {
        let batched = try await Self.service(engine)
        let single = try await Self.service(engine)
        let factory = EventFactory(service: "test")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var deliveries: [Envelope] = []
        var payloads: [TicketClassified] = []
        for ticket in 0..<12 {
            // Whole seconds: PostgreSQL's rows give times back through seconds since 1970, a step
            // that can move a fractional time by its last bit.
            guard case .ticketClassified(let payload) = Self.classified(EventID.make(now: start), createdAt: start).event else { return }
            payloads.append(payload)
            if ticket % 3 != 0 { deliveries.append(factory.envelope(.ticketClassified(payload), now: start)) }
        }
        let summaries = payloads.map(\.ticket)
        let statuses: [TicketStatus] = [.pending, .open, .pending, .resolved, .open, .pending, .open, .closed]
        for step in 0..<96 {
            let ticket = summaries[(step * 7) % summaries.count]
            let status = statuses[step % statuses.count]
            let reply = step % 5 == 0
            deliveries.append(
                factory.envelope(
                    .ticketUpdated(
                        TicketUpdated(
                            ticket: ticket, change: reply ? .reply : .status, status: status,
                            previousStatus: statuses[(step + statuses.count - 1) % statuses.count], author: .agent,
                            isPublic: reply, body: nil, at: start.addingTimeInterval(Double(step) * 60))),
                    now: start))
        }
        // The tickets classified last: their updates were held and are applied on classification.
        for (ticket, payload) in payloads.enumerated() where ticket % 3 == 0 {
            deliveries.append(factory.envelope(.ticketClassified(payload), now: start))
        }
        deliveries.append(deliveries[5])

        let together = try await batched.applyBatch(deliveries)
        var apart: [(Envelope, [UInt8], [OutboxItem])] = []
        for delivery in deliveries { apart += try await single.applyBatch([delivery]) }
        #expect(together.count == apart.count)
        #expect(together.map(\.0.id) == apart.map(\.0.id))
        #expect(together.map(\.0.event) == apart.map(\.0.event))
        #expect(together.allSatisfy { $0.1 == (try? EnvelopeCodec.encode($0.0)) }, "the bytes are each envelope's")

        func clocks(_ service: SLAService) async throws -> [TicketClocks] {
            try await service.store.storage.read { db in
                try summaries.map { try #require(try service.store.load($0.id, in: db)) }
            }
        }
        #expect(try await clocks(batched) == clocks(single))
        let owed = { (service: SLAService) in try await service.store.storage.read { db in try BatchOutbox.owed(in: db).count } }
        #expect(try await owed(batched) == owed(single))
    }
}
