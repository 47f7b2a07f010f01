import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StoreTesting
import SupportDomain
import SupportStore
import Synchronization
import Testing

@testable import Notification

/// One dispatch pass against a real HTTP receiver (Hummingbird on loopback): the workers send
/// each due delivery once, never more than `concurrency` at a time, and the outcomes are
/// committed so nothing is due after.
@Suite struct DispatcherTests {
    /// What the receiver saw: each delivery id's count, and the most requests in flight at once.
    final class Seen: Sendable {
        let state = Mutex<(ids: [String: Int], inFlight: Int, most: Int)>(([:], 0, 0))
        let port = Atomic<Int>(0)
    }

    @Test("a pass sends each due delivery once, at most --concurrency at a time, and commits every outcome")
    func passSendsEachOnceWithinConcurrency() async throws {
        let seen = Seen()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let id = request.headers[HTTPField.Name("X-SupportDesk-Delivery")!] ?? ""
            seen.state.withLock { state in
                state.ids[id, default: 0] += 1
                state.inFlight += 1
                state.most = max(state.most, state.inFlight)
            }
            // Long enough that the workers overlap.
            try await Task.sleep(for: .milliseconds(5))
            seen.state.withLock { $0.inFlight -= 1 }
            return .ok
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in seen.port.store(channel.localAddress?.port ?? 0, ordering: .relaxed) })
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        while seen.port.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }

        let store = try await DeliveryStoreTests.store(.sqlite, throttle: .init(limit: 0))
        let count = 120
        let now = Date()
        let batch = (0..<count).map { n in
            (eventID: "e-\(n)", messages: [DeliveryStoreTests.message("d-\(n)", channel: "webhook")])
        }
        #expect(try await store.accept(batch, now: now) == count)
        let url = "http://127.0.0.1:\(seen.port.load(ordering: .relaxed))/hook"
        let dispatcher = Dispatcher(
            store: store, channels: ["webhook": WebhookChannel(url: url, secret: Array("dispatcher-test-secret-0123".utf8))],
            fallback: try MailboxSink(path: FileManager.default.temporaryDirectory.appendingPathComponent("mailbox-\(UUID().uuidString)").path),
            concurrency: 8, maximumAttempts: 3, digest: { $0[0] })

        let outcomes = try await dispatcher.pass(now: now.addingTimeInterval(1), limit: 512)
        let sent = outcomes.compactMap { if case .sent(let message, _) = $0 { message.deliveryID } else { nil } }
        #expect(Set(sent) == Set((0..<count).map { "d-\($0)" }) && sent.count == count)
        let (ids, most) = seen.state.withLock { ($0.ids, $0.most) }
        #expect(ids.count == count && ids.values.allSatisfy { $0 == 1 }, "each delivery reached the receiver once")
        #expect(most <= 8 && most >= 2, "\(most) requests in flight at most")
        #expect(try await store.due(now: now.addingTimeInterval(2)).isEmpty, "every outcome committed")
    }
}
