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

    @Test("a batch handed off at once travels as a few DELIVERs, and one ACK for all of it brings every DONE")
    func batchedHandOff() async throws {
        let (broker, producer, _, context, handoff) = try Self.harness(role: .sla)
        let logger = Logger(label: "test")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.run() }
            group.addTask { try await producer.run() }
            let sender = HandOffSender(client: producer, logger: logger, initialTimeout: .seconds(30)) { _ in }
            group.addTask { await sender.run() }
            // Generous: in a parallel test run, other suites can hold the concurrency pool's few
            // threads for many seconds, and the broker's start waits for one.
            let deadline = ContinuousClock.now + .seconds(120)
            // The broker is up once it answers the producer's heartbeats; the bare worker connects
            // after that, so its READY cannot wait on a connection that is still being retried.
            while !producer.isConnected && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(producer.isConnected, "the broker answered the producer")
            // The worker is a bare DEALER, so the test sees each message as the broker sent it.
            let worker = try Socket(context: context, type: .dealer)
            defer { worker.close() }
            try worker.set(.routingID, "raw-worker")
            try worker.connect(handoff)
            try worker.send(HandOffMessage.ready(role: "sla", credit: 1000).multipart)
            try worker.send(HandOffMessage.heartbeat(role: "sla", credit: 1000).multipart)
            // The broker echoes the heartbeat after it has taken READY from the same socket: from
            // then on each PUT is dispatched as it arrives, so the DELIVERs counted below show
            // how many items each PUT carried (one PUT per item would make one DELIVER each).
            var echoed = false
            while !echoed && ContinuousClock.now < deadline {
                guard let message = try worker.receive(dontWait: true) else {
                    try await Task.sleep(for: .milliseconds(10))
                    continue
                }
                if case .heartbeat = HandOffMessage(message) { echoed = true }
            }
            #expect(echoed, "the broker answered the worker's heartbeat")
            let count = 300
            await sender.send((0..<count).map { OutboxItem(eventID: "e\($0)", role: .sla, bytes: Array("payload-\($0)".utf8)) })
            var messages: [(producer: [UInt8], items: [HandOffItem])] = []
            var heartbeat = ContinuousClock.now
            while messages.map(\.items.count).reduce(0, +) < count && ContinuousClock.now < deadline {
                // A worker silent for 3 s is forgotten: on a busy machine the PUTs may come later.
                if ContinuousClock.now - heartbeat > .milliseconds(500) {
                    try worker.send(HandOffMessage.heartbeat(role: "sla", credit: 1000).multipart)
                    heartbeat = ContinuousClock.now
                }
                guard let message = try worker.receive(dontWait: true) else {
                    try await Task.sleep(for: .milliseconds(10))
                    continue
                }
                if case .deliver(let from, "sla", let items) = HandOffMessage(message) { messages.append((from, items)) }
            }
            let items = messages.flatMap(\.items)
            #expect(items.count == count)
            #expect(Set(items.map(\.eventID)) == Set((0..<count).map { "e\($0)" }))
            #expect(items.allSatisfy { $0.envelope == Array("payload-\($0.eventID.dropFirst())".utf8) })
            // Two PUTs (256 items and 44), each given out 64 at a time: 4 + 1 DELIVERs.
            #expect(messages.count == 5, "\(messages.count) DELIVER messages for \(count) items")
            try worker.send(
                HandOffMessage.ack(producer: messages[0].producer, role: "sla", eventIDs: items.map(\.eventID)).multipart)
            while await sender.backlog > 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await sender.backlog == 0, "one ACK for the batch brought a DONE for every item")
            group.cancelAll()
        }
    }
}
