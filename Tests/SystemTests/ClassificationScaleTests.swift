import Foundation
import SupportBus
import Testing
import ZeroMQ

extension EndToEnd {
/// Issue #5: three classification workers share the work, and no ticket is classified twice.
/// Watched with a raw subscriber (no de-duplication), so a second verdict would show.
@Suite struct ClassificationScaleTests {
    @Test("three classification instances share the tickets; each is classified once")
    func threeInstances() async throws {
        let suite = try SuiteProcess(classification: 3)
        defer { suite.stop() }
        let context = try Context()
        let loop = SocketLoop(
            context: context, name: "watch",
            sockets: [
                SocketSpec(
                    .subscriber, connect: [suite.subscribe], subscriptions: ["ticket.classified"],
                    byteOptions: try BusKeyring(folder: URL(fileURLWithPath: suite.keys)).credentials(for: .operator).clientOptions)
            ])
        try await loop.start()
        let seen = Seen()
        let collector = Task {
            for await message in loop.messages(from: 0) where message.count == 2 {
                if let envelope = try? EnvelopeCodec.decode(message[1]), let ticket = envelope.ticketID {
                    seen.add(ticket, envelope.producer)
                }
            }
        }
        // Warm up until the subscriber sees a verdict (slow joiner), then send the real batch.
        for _ in 0..<20 {
            _ = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
            try await Task.sleep(for: .milliseconds(300))
            if seen.count > 0 { break }
        }
        var tickets: Set<String> = []
        for i in 0..<90 {
            var body = WalkingSkeletonTests.ticket
            body["subject"] = "Scale \(i): the bot stopped answering"
            let (status, created) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", body)
            #expect(status == 201)
            if let id = created["id"] as? String { tickets.insert(id) }
        }
        try await Task.sleep(for: .seconds(4))
        await loop.stop()
        await collector.value
        var perTicket: [String: Int] = [:]
        var perProducer: [String: Int] = [:]
        for (ticket, producer) in seen.all where tickets.contains(ticket) {
            perTicket[ticket, default: 0] += 1
            perProducer[producer, default: 0] += 1
        }
        print("classification spread over instances: \(perProducer)")
        #expect(perTicket.count == tickets.count, "every ticket was classified")
        #expect(perTicket.values.allSatisfy { $0 == 1 }, "no ticket was classified twice")
        #expect(perProducer.count == 3, "all three instances took work")
        #expect(perProducer.values.allSatisfy { $0 >= 10 })
    }

}

/// Verdicts seen so far: (ticket id, producing instance).
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(String, String)] = []
    func add(_ ticket: String, _ producer: String) { lock.withLock { entries.append((ticket, producer)) } }
    var all: [(String, String)] { lock.withLock { entries } }
    var count: Int { lock.withLock { entries.count } }
}
}
