import Foundation
import SupportDomain
import Synchronization
import Testing

@testable import SupportBus

@Suite struct ParallelMapTests {
    @Test("results come back in order, one per element, at every size around the chunk edges", arguments: [0, 1, 63, 64, 127, 128, 129, 1000, 10_001])
    func ordered(count: Int) {
        let input = Array(0..<count)
        #expect(input.parallelMap(chunk: 64) { $0 * 3 + 1 } == input.map { $0 * 3 + 1 })
    }

    struct Failed: Error, Equatable { let index: Int }

    @Test("the throwing form maps every element and throws the first failure in order")
    func throwing() throws {
        let input = Array(0..<1000)
        #expect(try input.parallelMap(chunk: 64, throwing: { $0 * 2 }) == input.map { $0 * 2 })
        #expect(throws: Failed(index: 130)) {
            try input.parallelMap(chunk: 64, throwing: { value -> Int in
                if value == 130 || value == 900 { throw Failed(index: value) }
                return value
            })
        }
    }

    /// The point of it: while the caller maps a chunk, a helper takes the next one. Each element
    /// waits (up to 5 s) until a second thread has shown up, so a helper that never comes makes
    /// the test fail instead of the caller quietly doing all the work.
    @Test("a helper thread maps chunks while the caller is busy")
    func spreads() {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return }
        let threads = Mutex(Set<String>())
        let deadline = Date().addingTimeInterval(5)
        let output = Array(0..<256).parallelMap(chunk: 64) { value -> Int in
            threads.withLock { _ = $0.insert("\(pthread_self())") }
            while threads.withLock({ $0.count }) < 2 && Date() < deadline { usleep(100) }
            return value + 1
        }
        #expect(output == Array(1...256))
        #expect(threads.withLock { $0.count } > 1)
    }

    /// A batch decoded on every core keeps each delivery's own verdict: malformed ones fail
    /// where they are, and every other envelope decodes to itself.
    @Test("a batch decode keeps each delivery's result in place, malformed ones included")
    func batchDecode() throws {
        let envelopes = (0..<600).map { index in
            Envelope(
                id: EventID.make(now: Date()), event: Fixtures.events[index % Fixtures.events.count], producer: "test-1",
                sequence: UInt64(index), occurredAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)))
        }
        var batch = try EnvelopeCodec.encode(envelopes)
        #expect(batch == (try envelopes.map { try EnvelopeCodec.encode($0) }), "the batch encode writes what one by one does")
        let broken: Set = [0, 1, 299, 300, 599]
        for index in broken { batch[index] = Array("{\"id\":\(index)".utf8) }
        let results = EnvelopeCodec.decode(batch)
        #expect(results.count == batch.count)
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let envelope): #expect(!broken.contains(index) && envelope == envelopes[index])
            case .failure(let error): #expect(broken.contains(index), "\(index): \(error)")
            }
        }
    }
}
