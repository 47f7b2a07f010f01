import Foundation
import Logging
import SupportBus
import SupportDomain
import SupportRuntime
import Testing
import ZeroMQ

@testable import Broker

/// The real broker with CURVE and its ZAP handler, real clients with and without listed keys.
@Suite struct BrokerCurveTests {
    @Test("with keys, listed roles hand off and subscribe; an unlisted worker and a plain subscriber get nothing")
    func curveHandOff() async throws {
        let keysFolder = FileManager.default.temporaryDirectory.appendingPathComponent("broker-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keysFolder) }
        let keys = BusKeyring(folder: keysFolder)
        try keys.initialize()
        let strangerFolder = keysFolder.appendingPathComponent("stranger")
        try BusKeyring(folder: strangerFolder).initialize()
        var configuration = BrokerServiceTests.freePortEndpoints()
        configuration.keys = keys
        let logger = Logger(label: "test")
        let endpoints = BusEndpoints(
            publish: configuration.publishBind, subscribe: configuration.subscribeBind, handoff: configuration.handoffBind)
        func credentialed(_ identity: BusIdentity) throws -> BusEndpoints {
            var copy = endpoints
            copy.credentials = try keys.credentials(for: identity)
            return copy
        }
        var strangerEndpoints = endpoints
        strangerEndpoints.credentials = BusCredentials(
            keyPair: try BusKeyring(folder: strangerFolder).keyPair("sla"),
            serverPublicKey: try keys.keyPair(BusKeyring.brokerName).publicKey)
        let context = try Context()
        let broker = try BrokerService(configuration: configuration, logger: logger)
        let producer = BusClient(context: context, endpoints: try credentialed(.classification), identity: "p", roles: [], logger: logger)
        let worker = BusClient(context: context, endpoints: try credentialed(.sla), identity: "w", roles: [.sla], credit: 8, logger: logger)
        let stranger = BusClient(context: context, endpoints: strangerEndpoints, identity: "s", roles: [.sla], credit: 8, logger: logger)
        let plain = SocketLoop(
            context: context, name: "plain",
            sockets: [SocketSpec(.subscriber, connect: [configuration.subscribeBind], subscriptions: [""], receiveBuffer: 100)])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.run() }
            for client in [producer, worker, stranger] { group.addTask { try await client.run() } }
            try await plain.start()
            let sender = HandOffSender(client: producer, logger: logger, initialTimeout: .milliseconds(300)) { _ in }
            group.addTask { await sender.run() }
            let count = 20
            await sender.send((0..<count).map { OutboxItem(eventID: "e\($0)", role: .sla, bytes: Array("secret-\($0)".utf8)) })
            var received = Set<String>()
            for await batch in worker.batches() {
                for delivery in batch {
                    received.insert(delivery.eventID)
                    worker.acknowledge(delivery)
                }
                if received.count == count { break }
            }
            #expect(received.count == count, "the listed sla key got every delivery")
            // The stranger announced the same role with an unlisted key: it never got one.
            let strangerBatches = Task { () -> Int in
                var got = 0
                for await batch in stranger.batches() { got += batch.count }
                return got
            }
            try await Task.sleep(for: .milliseconds(500))
            strangerBatches.cancel()
            #expect(await strangerBatches.value == 0, "an unlisted key got a delivery")
            producer.publish(
                EventFactory(service: "classification").envelope(.ticketRejected(Fixtures.rejected), now: Date()),
                bytes: Array("x".utf8))
            let plainTask = Task { () -> Bool in
                for await _ in plain.messages(from: 0) { return true }
                return false
            }
            try await Task.sleep(for: .seconds(1))
            await plain.stop()
            #expect(await plainTask.value == false, "a subscriber without CURVE gets nothing, not even the welcome")
            group.cancelAll()
        }
    }
}

extension BrokerCurveTests {
    @Test("a key added to the allowlist while the broker runs is admitted at once (rotation without restart)")
    func rotationWithoutRestart() async throws {
        let keysFolder = FileManager.default.temporaryDirectory.appendingPathComponent("rotate-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keysFolder) }
        let keys = BusKeyring(folder: keysFolder)
        try keys.initialize()
        var configuration = BrokerServiceTests.freePortEndpoints()
        configuration.keys = keys
        let logger = Logger(label: "test")
        let endpoints = BusEndpoints(
            publish: configuration.publishBind, subscribe: configuration.subscribeBind, handoff: configuration.handoffBind)
        let context = try Context()
        let broker = try BrokerService(configuration: configuration, logger: logger)
        var producerEndpoints = endpoints
        producerEndpoints.credentials = try keys.credentials(for: .classification)
        let producer = BusClient(context: context, endpoints: producerEndpoints, identity: "p", roles: [], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.run() }
            group.addTask { try await producer.run() }
            try await Task.sleep(for: .milliseconds(300))
            // Rotation step 1, with the broker already running: a second sla key, then a worker with it.
            let next = try keys.rotate(.sla)
            var workerEndpoints = endpoints
            workerEndpoints.credentials = BusCredentials(
                keyPair: next, serverPublicKey: try keys.keyPair(BusKeyring.brokerName).publicKey)
            let worker = BusClient(context: context, endpoints: workerEndpoints, identity: "w2", roles: [.sla], credit: 4, logger: logger)
            group.addTask { try await worker.run() }
            let sender = HandOffSender(client: producer, logger: logger, initialTimeout: .milliseconds(300)) { _ in }
            group.addTask { await sender.run() }
            await sender.send([OutboxItem(eventID: "rotated-1", role: .sla, bytes: Array("x".utf8))])
            // Bounded: a broker that ignored the new key would leave the worker waiting for ever.
            let collector = Task { () -> [String] in
                for await batch in worker.batches() {
                    for delivery in batch { worker.acknowledge(delivery) }
                    return batch.map(\.eventID)
                }
                return []
            }
            let deadline = Task {
                // A hang guard; long, as the pool may be busy with other tests (DeliveryProcessorTests).
                try await Task.sleep(for: .seconds(120))
                collector.cancel()
            }
            let got = await collector.value
            deadline.cancel()
            // Hand-offs are at least once: a resend that overtook the worker's connection can
            // arrive in the same batch. Any copy proves the key was admitted.
            #expect(!got.isEmpty && Set(got) == ["rotated-1"], "the new key was admitted without a broker restart")
            group.cancelAll()
        }
    }

    @Test("without keys, a broker binding beyond loopback refuses to start unless bus.insecure says so")
    func plainTextGuard() throws {
        let open = ["broker.publishBind": "tcp://*:7701"]
        #expect {
            try BrokerConfiguration(reader: ConfigReader(environment: [:], overrides: open))
        } throws: { "\($0)".contains("broker.publishBind") && "\($0)".contains("bus.keys") }
        let insecure = try BrokerConfiguration(
            reader: ConfigReader(environment: [:], overrides: open.merging(["bus.insecure": "true"]) { a, _ in a }))
        #expect(insecure.publishBind == "tcp://*:7701" && insecure.keys == nil)
    }
}

enum Fixtures {
    static let rejected = TicketRejected(
        account: "a", requester: "r", requesterEmail: nil, requesterPhone: nil, channel: .portal,
        reason: .planNotEntitled, language: .en, message: "m", subject: "curve test")
}
