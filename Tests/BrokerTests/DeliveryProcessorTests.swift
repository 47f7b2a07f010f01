import Foundation
import Logging
import SupportBus
import SupportDomain
import Synchronization
import Testing
import ZeroMQ

@testable import Broker

/// Poison handling over a real broker: a delivery that fails every time is given back (NACK),
/// resent by its producer, and after the last try buried in the dead letters and acknowledged.
@Suite struct DeliveryProcessorTests {
    @Test("a message that fails every time ends in the dead letters; garbage goes there at once")
    func poison() async throws {
        let (broker, producer, worker, _, _) = try BrokerServiceTests.harness(role: .notification)
        let logger = Logger(label: "test")
        final class Record: Sendable {
            let buried = Mutex<[DeadLetterTable.Entry]>([])
            let tries = Atomic<Int>(0)
        }
        let record = Record()
        let processor = DeliveryProcessor(bus: worker, logger: logger, maximumAttempts: 3) { entry in
            record.buried.withLock { $0.append(entry) }
        }
        struct Boom: Error {}
        let sender = HandOffSender(client: producer, logger: logger, initialTimeout: .milliseconds(200), maximumTimeout: .milliseconds(400)) { _ in }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.run() }
            group.addTask { try await producer.run() }
            group.addTask { try await worker.run() }
            group.addTask { await sender.run() }
            group.addTask {
                await processor.run { _ in
                    record.tries.add(1, ordering: .relaxed)
                    throw Boom()
                }
            }
            let event = EventFactory(service: "t").envelope(
                .ticketRejected(
                    TicketRejected(
                        account: "a", requester: "r", requesterEmail: nil, requesterPhone: nil, channel: .portal,
                        reason: .planNotEntitled, language: .en, message: "m", subject: "s")))
            await sender.send([
                OutboxItem(eventID: event.id, role: .notification, bytes: try EnvelopeCodec.encode(event)),
                OutboxItem(eventID: "garbage-1", role: .notification, bytes: Array("not an envelope".utf8)),
            ])
            // A guard against a hang, not a time limit: tests share the concurrency pool's few
            // threads with CPU-bound ones (classifier training, calendar properties) that run in
            // parallel, and on two cores those held both threads for 20 s before the broker's
            // first task ran (seen with gdb on a CI run), which failed this test with nothing wrong.
            let deadline = ContinuousClock.now + .seconds(120)
            while await sender.backlog > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(await sender.backlog == 0, "both were finally acknowledged")
            let entries = record.buried.withLock { $0 }
            #expect(Set(entries.map(\.eventID)) == [event.id, "garbage-1"])
            #expect(entries.first { $0.eventID == event.id }?.attempts == 3)
            #expect(entries.first { $0.eventID == "garbage-1" }?.attempts == 1)
            #expect(record.tries.load(ordering: .relaxed) >= 3)
            group.cancelAll()
        }
    }
}
