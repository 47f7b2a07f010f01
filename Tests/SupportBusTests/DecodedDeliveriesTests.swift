import Foundation
import SupportDomain
import Testing

@testable import SupportBus

/// The hand-off between ``DeliveryProcessor``'s decoding task and its applying loop, with real
/// tasks on both sides.
@Suite struct DecodedDeliveriesTests {
    static func item(_ n: Int) -> DecodedDeliveries.Item {
        (Delivery(producer: [], role: .sla, eventID: "e\(n)", bytes: []), .failure(CancellationError()))
    }

    @Test("the consumer gets everything in arrival order, at most a batch at a time, then nil after finish")
    func order() async throws {
        let queue = DecodedDeliveries()
        let producer = Task {
            for start in stride(from: 0, to: 2_000, by: 37) {
                queue.append((start..<min(start + 37, 2_000)).map(Self.item))
                if start % 370 == 0 { try? await Task.sleep(for: .milliseconds(2)) }
            }
            queue.finish()
        }
        var seen: [String] = []
        var batches = 0
        while let batch = await queue.next(maximum: 100) {
            #expect(!batch.isEmpty && batch.count <= 100)
            seen += batch.map(\.delivery.eventID)
            batches += 1
        }
        await producer.value
        #expect(seen == (0..<2_000).map { "e\($0)" })
        #expect(batches >= 20)
    }

    @Test("a consumer waiting on an empty queue wakes for an append, and for finish")
    func waits() async throws {
        let queue = DecodedDeliveries()
        let waiting = Task { await queue.next(maximum: 10)?.map(\.delivery.eventID) }
        try await Task.sleep(for: .milliseconds(50))
        queue.append([Self.item(1), Self.item(2)])
        #expect(await waiting.value == ["e1", "e2"])
        let last = Task { await queue.next(maximum: 10) }
        try await Task.sleep(for: .milliseconds(50))
        queue.finish()
        #expect(await last.value == nil)
    }
}
