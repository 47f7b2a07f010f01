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

/// The dispatcher's flow against a real HTTP receiver (Hummingbird on loopback): each due
/// delivery is sent once, never more than `concurrency` at a time, even while the next
/// deliveries are fetched as earlier outcomes commit; and every outcome is committed before it
/// is handed on.
@Suite struct DispatcherTests {
    /// What the receiver saw: each delivery id's count, and the most requests in flight at once.
    final class Seen: Sendable {
        let state = Mutex<(ids: [String: Int], inFlight: Int, most: Int)>(([:], 0, 0))
        let port = Atomic<Int>(0)
    }

    /// A receiver on loopback that counts each delivery id and the most requests in flight.
    static func receiver(_ seen: Seen) async throws -> (url: String, server: Task<Void, any Error>) {
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let id = request.headers[HTTPField.Name("X-SupportDesk-Delivery")!] ?? ""
            seen.state.withLock { state in
                state.ids[id, default: 0] += 1
                state.inFlight += 1
                state.most = max(state.most, state.inFlight)
            }
            // Long enough that the attempts overlap.
            try await Task.sleep(for: .milliseconds(5))
            seen.state.withLock { $0.inFlight -= 1 }
            return .ok
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in seen.port.store(channel.localAddress?.port ?? 0, ordering: .relaxed) })
        let server = Task { try await app.runService() }
        while seen.port.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        return ("http://127.0.0.1:\(seen.port.load(ordering: .relaxed))/hook", server)
    }

    /// `count` pending webhook deliveries in a new store, and a dispatcher sending them to `url`.
    static func queue(_ count: Int, to url: String, concurrency: Int, now: Date) async throws -> (DeliveryStore, Dispatcher) {
        let store = try await DeliveryStoreTests.store(.sqlite, throttle: .init(limit: 0))
        let batch = (0..<count).map { n in
            (eventID: "e-\(n)", messages: [DeliveryStoreTests.message("d-\(n)", channel: "webhook")])
        }
        #expect(try await store.accept(batch, now: now) == count)
        let dispatcher = Dispatcher(
            store: store, channels: ["webhook": WebhookChannel(url: url, secret: Array("dispatcher-test-secret-0123".utf8))],
            fallback: try MailboxSink(path: FileManager.default.temporaryDirectory.appendingPathComponent("mailbox-\(UUID().uuidString)").path),
            concurrency: concurrency, maximumAttempts: 3, digest: { $0[0] })
        return (store, dispatcher)
    }

    @Test("sends each due delivery once, at most --concurrency at a time, and commits every outcome")
    func sendsEachOnceWithinConcurrency() async throws {
        let seen = Seen()
        let (url, server) = try await Self.receiver(seen)
        defer { server.cancel() }
        let count = 120
        let now = Date()
        let (store, dispatcher) = try await Self.queue(count, to: url, concurrency: 8, now: now)

        var outcomes: [Dispatcher.Outcome] = []
        try await dispatcher.drain(at: now.addingTimeInterval(1)) { outcomes += $0 }
        let sent = outcomes.compactMap { if case .sent(let message, _) = $0 { message.deliveryID } else { nil } }
        #expect(Set(sent) == Set((0..<count).map { "d-\($0)" }) && sent.count == count)
        let (ids, most) = seen.state.withLock { ($0.ids, $0.most) }
        #expect(ids.count == count && ids.values.allSatisfy { $0 == 1 }, "each delivery reached the receiver once")
        #expect(most <= 8 && most >= 2, "\(most) requests in flight at most")
        #expect(try await store.due(now: now.addingTimeInterval(2)).isEmpty, "every outcome committed")
    }

    /// Many small batches: fetches run while earlier deliveries are in flight and while their
    /// outcomes commit, when those deliveries are still `pending` in the store. Without the
    /// flow's set of taken ids they would be fetched and sent again.
    @Test("while batches overlap, nothing is sent twice, and each commit is durable before it is handed on")
    func overlappingBatchesSendOnce() async throws {
        let seen = Seen()
        let (url, server) = try await Self.receiver(seen)
        defer { server.cancel() }
        let count = 1_500
        let now = Date()
        let (store, dispatcher) = try await Self.queue(count, to: url, concurrency: 32, now: now)

        var handed: [String] = []
        var notDurable = 0
        var unread = 0
        try await dispatcher.drain(at: now.addingTimeInterval(1), batch: 40) { outcomes in
            let ids = outcomes.map(\.message.deliveryID)
            handed += ids
            // Read back from the file: a committed outcome is no longer pending.
            do {
                let pending = Set(try await store.due(now: now.addingTimeInterval(1), limit: count).map(\.0.deliveryID))
                notDurable += ids.count { pending.contains($0) }
            } catch {
                unread += 1
            }
        }
        #expect(unread == 0, "\(unread) read-backs failed")
        let ids = seen.state.withLock { $0.ids }
        #expect(ids.count == count, "every delivery reached the receiver")
        #expect(ids.values.filter { $0 > 1 }.count == 0, "\(ids.values.filter { $0 > 1 }.count) deliveries were sent more than once")
        #expect(handed.count == count && Set(handed).count == count, "each outcome handed on once")
        #expect(notDurable == 0, "\(notDurable) outcomes were handed on before their commit")
        #expect(try await store.due(now: now.addingTimeInterval(2)).isEmpty)
    }

    /// A read that fails (here a row that no longer decodes) stops new work, but what is in
    /// flight still ends, commits and is handed on before the error comes out: a delivery the
    /// receiver took is never left committed and unreported.
    @Test("a failed read ends the flow only after what is in flight has committed and been handed on")
    func failedReadFinishesInFlight() async throws {
        let seen = Seen()
        let (url, server) = try await Self.receiver(seen)
        defer { server.cancel() }
        let count = 120
        let now = Date()
        let (store, dispatcher) = try await Self.queue(count, to: url, concurrency: 16, now: now)
        try await store.storage.write { db in
            try db.execute("UPDATE delivery SET message = ? WHERE delivery_id = 'd-99'", [.blob(Array("{".utf8))])
        }

        var handed: [String] = []
        await #expect(throws: (any Error).self) {
            try await dispatcher.drain(at: now.addingTimeInterval(1), batch: 40) { handed += $0.map(\.message.deliveryID) }
        }
        let received = seen.state.withLock { Set($0.ids.keys) }
        #expect(!received.isEmpty, "the failing read came after others, with deliveries in flight")
        #expect(Set(handed) == received, "\(received.count - Set(handed).count) deliveries sent and not handed on")
        let pending = Set(try await store.due(now: now.addingTimeInterval(1), limit: count, excluding: ["d-99"]).map(\.0.deliveryID))
        #expect(pending.isDisjoint(with: handed), "everything handed on is committed")
    }
}
