import Foundation
import Logging
import ServiceLifecycle
import SupportBus
import SupportDomain
import Testing
import ZeroMQ

@testable import Broker

/// The real broker on loopback TCP with real bus clients.
@Suite struct BrokerServiceTests {
    /// Unique ipc:// endpoints: no port can collide with another test running at the same time.
    static func freePortEndpoints() -> BrokerConfiguration {
        let base = "ipc://" + FileManager.default.temporaryDirectory.path + "/bus-\(UUID().uuidString.prefix(8))"
        return BrokerConfiguration(
            publishBind: base + "-pub", subscribeBind: base + "-sub", handoffBind: base + "-handoff",
            historyBind: base + "-history")
    }

    /// A real broker on fresh ipc endpoints, with a producer and a worker of `role` connected.
    static func harness(role: ServiceRole, credit: Int = 256) throws -> (broker: BrokerService, producer: BusClient, worker: BusClient, context: Context, handoff: String) {
        let configuration = freePortEndpoints()
        let logger = Logger(label: "test")
        let endpoints = BusEndpoints(
            publish: configuration.publishBind, subscribe: configuration.subscribeBind, handoff: configuration.handoffBind)
        let context = try Context()
        return (
            try BrokerService(configuration: configuration, logger: logger),
            BusClient(context: context, endpoints: endpoints, identity: "producer-\(role)", roles: [], logger: logger),
            BusClient(context: context, endpoints: endpoints, identity: "worker-\(role)", roles: [role], credit: credit, logger: logger),
            context, configuration.handoffBind
        )
    }

    @Test("a PUT reaches a worker, and the worker's ACK comes back to the producer as DONE")
    func handOffEndToEnd() async throws {
        let (broker, producer, worker, context, handoff) = try Self.harness(role: .sla, credit: 8)
        let logger = Logger(label: "test")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.run() }
            group.addTask { try await producer.run() }
            group.addTask { try await worker.run() }
            let count = 50
            let sender = HandOffSender(client: producer, logger: logger, initialTimeout: .milliseconds(500)) { _ in }
            group.addTask { await sender.run() }
            // Garbage on the hand-off socket must not stop the broker.
            let garbage = try Socket(context: context, type: .dealer)
            try garbage.connect(handoff)
            try garbage.send([[0xff, 0x00], Array("nonsense".utf8)])
            try garbage.send([Array("SDH1".utf8)])
            await sender.send((0..<count).map { OutboxItem(eventID: "e\($0)", role: .sla, bytes: Array("payload-\($0)".utf8)) })
            var received = Set<String>()
            for await batch in worker.batches() {
          for delivery in batch {
                #expect(delivery.bytes == Array("payload-\(delivery.eventID.dropFirst())".utf8))
                received.insert(delivery.eventID)
                worker.acknowledge(delivery)
              }
              if received.count == count { break }
            }
            #expect(received.count == count)
            let deadline = ContinuousClock.now + .seconds(10)
            while await sender.backlog > 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await sender.backlog == 0, "every DONE reached the producer")
            garbage.close()
            group.cancelAll()
        }
    }
}
