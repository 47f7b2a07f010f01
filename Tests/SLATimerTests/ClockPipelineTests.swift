import Foundation
import StoreTesting
import SupportBus
import SupportDomain
import SupportStore
import Testing

@testable import SLATimer

/// Batches prepared ahead of their transactions (``ClockPipeline``), as the consume loop runs
/// them: each prepared while the one before has not been applied yet. The transaction writes
/// what was prepared only where it still holds, and otherwise applies the rules again.
@Suite struct ClockPipelineTests {
    static func update(_ classified: Envelope, status: TicketStatus, previous: TicketStatus, at seconds: Double) -> Envelope {
        guard case .ticketClassified(let payload) = classified.event else { fatalError("a classification") }
        return EventFactory(service: "test").envelope(
            .ticketUpdated(
                TicketUpdated(
                    ticket: payload.ticket, change: .status, status: status, previousStatus: previous, author: .agent, isPublic: true,
                    body: nil, at: classified.occurredAt.addingTimeInterval(seconds))))
    }

    /// Applies `batches` the way the consume loop does: batch i+1 prepared before batch i is applied.
    static func pipelined(_ service: SLAService, _ batches: [[Envelope]]) async throws -> [ClockStore.Produced] {
        var produced: [ClockStore.Produced] = []
        var prepared = await service.prepareBatch(batches[0])
        for (index, batch) in batches.enumerated() {
            let next = index + 1 < batches.count ? await service.prepareBatch(batches[index + 1]) : nil
            produced.append(try await service.applyBatch(batch, prepared: prepared))
            prepared = next
        }
        return produced
    }

    @Test("batches prepared ahead make the events and clocks that applying them in their transactions makes")
    func sameAsApplied() async throws {
        let tickets = (0..<40).map { _ in SLAServiceStoreTests.classified(EventID.make(now: Date()), type: .incident, priority: .high) }
        var batches = [tickets]
        var pending = Set<Int>()
        for round in 0..<12 {
            // Overlapping tickets from batch to batch, so a batch reads what the one before it will commit.
            batches.append(
                (0..<25).map { n in
                    let index = (round * 7 + n * 3) % tickets.count
                    let wasPending = !pending.insert(index).inserted
                    if wasPending { pending.remove(index) }
                    return Self.update(
                        tickets[index], status: wasPending ? .open : .pending, previous: wasPending ? .pending : .open,
                        at: Double(round * 100 + n))
                })
        }
        let prepared = try await SLAServiceStoreTests.service(.sqlite)
        let applied = try await SLAServiceStoreTests.service(.sqlite)
        let fromPrepared = try await Self.pipelined(prepared, batches)
        var fromApplied: [ClockStore.Produced] = []
        for batch in batches { fromApplied.append(try await applied.applyBatch(batch)) }
        #expect(fromPrepared.map { $0.map(\.0.id) } == fromApplied.map { $0.map(\.0.id) })
        #expect(fromPrepared.map { $0.map(\.0.event) } == fromApplied.map { $0.map(\.0.event) })
        #expect(fromPrepared.flatMap { $0 }.count > 300)
        #expect(prepared.pipeline.outcomes.written == batches.count && prepared.pipeline.outcomes.appliedAgain == 0)
        let clocks = { (service: SLAService) in
            try await service.store.storage.write { db in try tickets.compactMap(\.ticketID).map { try service.store.load($0, in: db) } }
        }
        #expect(try await clocks(prepared) == clocks(applied))
    }

    @Test("a timer pass between a batch's preparation and its transaction is not overwritten: the rules run again")
    func timerPassInBetween() async throws {
        let service = try await SLAServiceStoreTests.service(.sqlite)
        let twin = try await SLAServiceStoreTests.service(.sqlite)
        let classified = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        for each in [service, twin] { _ = try await each.applyBatch([classified]) }
        let later = classified.occurredAt.addingTimeInterval(60 * 86_400)
        let pause = Self.update(classified, status: .pending, previous: .open, at: 60 * 86_400 + 1)
        let prepared = await service.prepareBatch([pause])
        #expect(prepared != nil)
        // The pass fires the warnings and breaches the prepared batch did not see.
        let fired = try await service.firePass(now: later)
        #expect(fired.contains { $0.0.topic == .slaBreached })
        let produced = try await service.applyBatch([pause], prepared: prepared)
        #expect(service.pipeline.outcomes.appliedAgain == 1 && service.pipeline.outcomes.written == 0)
        // The same order without preparing: the same events.
        _ = try await twin.firePass(now: later)
        let expected = try await twin.applyBatch([pause])
        #expect(produced.map(\.0.id) == expected.map(\.0.id) && produced.map(\.0.event) == expected.map(\.0.event))
        #expect(try await service.firePass(now: later.addingTimeInterval(1)).isEmpty, "nothing fires twice")
    }

    @Test("an event redelivered while its first delivery is prepared but not yet applied has one effect")
    func redeliveryInFlight() async throws {
        let service = try await SLAServiceStoreTests.service(.sqlite)
        let classified = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        let produced = try await Self.pipelined(service, [[classified], [classified]])
        #expect(produced.map { $0.map(\.0.topic) } == [[.slaStarted], []])
        #expect(service.pipeline.outcomes.written == 2)
    }

    @Test("an update before its classification is left to the transaction, and the classification prepared meanwhile is applied again")
    func earlyUpdate() async throws {
        let service = try await SLAServiceStoreTests.service(.sqlite)
        let classified = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        let pause = Self.update(classified, status: .pending, previous: .open, at: 1)
        #expect(await service.prepareBatch([pause]) == nil, "holding the update needs the store")
        let produced = try await Self.pipelined(service, [[pause], [classified]])
        #expect(produced.map { $0.map(\.0.topic) } == [[], [.slaStarted, .slaPaused]])
        #expect(service.pipeline.outcomes.appliedAgain == 1)
    }

    @Test("a batch whose clocks are only in their rows (not in this process's memory) is left to its transaction")
    func rowsOnly() async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(.sqlite, name: "sla") }
        let first = try await SLAServiceStoreTests.service(at: location)
        let classified = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        _ = try await first.applyBatch([classified])
        try await first.store.fold()
        // A second process on the file: nothing of the first's in memory.
        let second = try await SLAServiceStoreTests.service(at: location)
        let pause = Self.update(classified, status: .pending, previous: .open, at: 1)
        #expect(await second.prepareBatch([pause]) == nil)
        #expect(try await second.applyBatch([pause], prepared: nil).map(\.0.topic) == [.slaPaused])
        let another = SLAServiceStoreTests.classified(EventID.make(now: Date()))
        #expect(await second.prepareBatch([another]) != nil, "a new ticket has no row: nothing to read")
    }

    @Test("PostgreSQL prepares nothing ahead: instances share its rows", arguments: TestStores.engines.filter { $0 == .postgres })
    func postgres(engine: StoreEngine) async throws {
        let service = try await SLAServiceStoreTests.service(engine)
        #expect(await service.prepareBatch([SLAServiceStoreTests.classified(EventID.make(now: Date()))]) == nil)
    }
}
