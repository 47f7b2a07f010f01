import Foundation
import Logging
import StoreTesting
import Synchronization
import SupportBus
import SupportDomain
import Testing
import ZeroMQ

/// A real ``BusClient`` and ``HandOffSender`` against a bare ROUTER standing in for the broker,
/// so each test sees and counts every SDH1 message the client sends.
@Suite struct BusClientHandOffTests {
    /// A bare ROUTER on a fresh ipc endpoint and a client of `roles` connected to it.
    static func harness(roles: [ServiceRole], identity: String) throws -> (client: BusClient, router: Socket, context: Context) {
        let endpoint = "ipc://" + FileManager.default.temporaryDirectory.path + "/handoff-\(UUID().uuidString.prefix(8))"
        let context = try Context()
        let router = try Socket(context: context, type: .router)
        _ = try router.bind(endpoint)
        let endpoints = BusEndpoints(publish: endpoint + "-pub", subscribe: endpoint + "-sub", handoff: endpoint)
        let client = BusClient(
            context: context, endpoints: endpoints, identity: identity, roles: roles, credit: 1000,
            logger: Logger(label: "test"))
        return (client, router, context)
    }

    /// The next well-formed message on `router` that `skip` does not pass over; nil at `deadline`.
    static func next(
        on router: Socket, until deadline: ContinuousClock.Instant, skipping skip: (HandOffMessage) -> Bool
    ) async throws -> HandOffMessage? {
        while ContinuousClock.now < deadline {
            guard let frames = try router.receive(dontWait: true) else {
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            guard let message = HandOffMessage(frames, offset: 1) else { continue }
            if !skip(message) { return message }
        }
        return nil
    }

    static func isControl(_ message: HandOffMessage) -> Bool {
        switch message {
        case .ready, .heartbeat: true
        default: false
        }
    }

    @Test("acknowledging deliveries of two producers and two roles at once sends one ACK per producer and role, in order, at most 256 ids each")
    func groupedAcknowledgement() async throws {
        let (client, router, _) = try Self.harness(roles: [.sla, .notification], identity: "worker-acks")
        defer { router.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            // The client is connected once its READY arrives; a ROUTER drops what it sends to a
            // peer it does not know yet.
            _ = try await Self.next(on: router, until: deadline) { if case .ready = $0 { false } else { true } }
            let peer = Array("worker-acks".utf8)
            func items(_ prefix: String, _ count: Int) -> [HandOffItem] {
                (0..<count).map { HandOffItem(eventID: "\(prefix)\($0)", envelope: Array("\(prefix)-\($0)".utf8)) }
            }
            let p1 = Array("producer-1".utf8), p2 = Array("producer-2".utf8)
            for message in [
                HandOffMessage.deliver(producer: p1, role: "sla", items: items("a", 300)),
                .deliver(producer: p2, role: "sla", items: items("b", 2)),
                .deliver(producer: p1, role: "notification", items: items("c", 3)),
            ] {
                try router.send(Multipart([peer] + message.multipart.frames))
            }
            var deliveries: [Delivery] = []
            for await batch in client.batches(maximum: 1000) {
                deliveries += batch
                if deliveries.count == 305 { break }
            }
            client.acknowledge(deliveries)
            var acks: [HandOffMessage] = []
            while acks.count < 4, let message = try await Self.next(on: router, until: deadline, skipping: Self.isControl) {
                acks.append(message)
            }
            // Nothing more comes: give a stray fifth message the time to arrive.
            let extra = try await Self.next(on: router, until: .now + .milliseconds(300), skipping: Self.isControl)
            let ids = { (prefix: String, range: Range<Int>) in range.map { "\(prefix)\($0)" } }
            #expect(
                acks == [
                    .ack(producer: p1, role: "sla", eventIDs: ids("a", 0..<256)),
                    .ack(producer: p1, role: "sla", eventIDs: ids("a", 256..<300)),
                    .ack(producer: p2, role: "sla", eventIDs: ids("b", 0..<2)),
                    .ack(producer: p1, role: "notification", eventIDs: ids("c", 0..<3)),
                ])
            #expect(extra == nil, "no message beyond the four ACKs")
            group.cancelAll()
        }
    }

    @Test("overdue hand-offs are resent as a batch, a few PUTs and not one per item, until their DONE")
    func batchedResend() async throws {
        let (client, router, _) = try Self.harness(roles: [], identity: "producer-resends")
        defer { router.close() }
        let sender = HandOffSender(client: client, logger: Logger(label: "test"), initialTimeout: .milliseconds(300)) { _ in }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            group.addTask { await sender.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            // The first heartbeat shows the client connected.
            _ = try await Self.next(on: router, until: deadline) { if case .heartbeat = $0 { false } else { true } }
            let count = 300
            let sent = (0..<count).map { OutboxItem(eventID: "e\($0)", role: .sla, bytes: Array("payload-\($0)".utf8)) }
            await sender.send(sent)
            /// PUT messages until they carry `count` items between them.
            func puts() async throws -> [[HandOffItem]] {
                var messages: [[HandOffItem]] = []
                while messages.joined().count < count,
                    let message = try await Self.next(on: router, until: deadline, skipping: Self.isControl)
                {
                    if case .put("sla", let items) = message { messages.append(items) }
                }
                return messages
            }
            let first = try await puts()
            #expect(first.map(\.count) == [256, 44], "the first sending: one PUT of 256 and one of 44")
            // No DONE: 300 ms later every item is overdue at once, and goes out again as a batch.
            let resent = try await puts()
            #expect(resent.count == 2, "\(resent.count) PUT messages for \(resent.joined().count) resent items")
            #expect(Set(resent.joined().map(\.eventID)) == Set(sent.map(\.eventID)))
            #expect(resent.joined().allSatisfy { $0.envelope == Array("payload-\($0.eventID.dropFirst())".utf8) })
            // One DONE for everything ends the resending.
            try router.send(
                Multipart([Array("producer-resends".utf8)] + HandOffMessage.done(role: "sla", eventIDs: sent.map(\.eventID)).multipart.frames))
            while await sender.backlog > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await sender.backlog == 0)
            group.cancelAll()
        }
    }

    @Test("when a whole backlog comes due at once, a tick names five events and counts the rest in one line")
    func boundedResendWarnings() async throws {
        let (client, router, _) = try Self.harness(roles: [], identity: "producer-storm")
        defer { router.close() }
        let log = CapturedLog()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(log) }
        // 10 ms, then 20: the third try, which warns, comes about 30 ms after the first.
        let sender = HandOffSender(client: client, logger: logger, initialTimeout: .milliseconds(10)) { _ in }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            group.addTask { await sender.run() }
            await sender.send((0..<300).map { OutboxItem(eventID: "e\($0)", role: .sla, bytes: [1]) })
            let deadline = ContinuousClock.now + .seconds(30)
            while !log.lines.withLock({ $0.contains { $0.message.hasPrefix("more hand-offs") } }) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let captured = log.lines.withLock { $0 }
            let named = captured.filter { $0.message == "hand-off not yet acknowledged, resending" }
            let summaries = captured.filter { $0.message == "more hand-offs not yet acknowledged, resending" }
            // The 300 were sent together, so they reach their third try in the same tick.
            #expect(named.count == 5, "\(named.count) warnings naming an event")
            #expect(summaries.count == 1)
            #expect(summaries.first?.metadata["count"] == "295")
            group.cancelAll()
        }
    }
}
