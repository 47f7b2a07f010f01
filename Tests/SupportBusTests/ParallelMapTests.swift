import Foundation
import StoreTesting
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

    /// Helpers must not wait for the Swift concurrency pool: the store's writer maps its batch
    /// while the pool decodes the next one, and a test process keeps the pool busy with other
    /// suites (a helper queued behind them failed the test above once in a few runs). Here
    /// every pool thread spins until the map is done; the map runs on a thread of its own.
    @Test("a helper starts while every concurrency-pool thread is busy")
    func helperWhilePoolIsBusy() async throws {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return }
        final class Flags: Sendable {
            let stop = Atomic<Bool>(false)
            let spinning = Atomic<Int>(0)
        }
        let flags = Flags()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let spinners = (0..<cores).map { _ in
            Task.detached {
                flags.spinning.add(1, ordering: .relaxed)
                let deadline = Date().addingTimeInterval(20)
                while !flags.stop.load(ordering: .relaxed) && Date() < deadline { usleep(50) }
            }
        }
        let joined = try await TestStores.offPool { () -> Double? in
            // Start mapping once every pool thread is taken.
            let ready = Date().addingTimeInterval(10)
            while flags.spinning.load(ordering: .relaxed) < cores && Date() < ready { usleep(100) }
            let threads = Mutex(Set<String>())
            let started = Date()
            let joined = Mutex<Double?>(nil)
            let deadline = started.addingTimeInterval(5)
            _ = Array(0..<256).parallelMap(chunk: 64) { value -> Int in
                threads.withLock { threads in
                    if threads.insert("\(pthread_self())").inserted, threads.count == 2 {
                        joined.withLock { $0 = Date().timeIntervalSince(started) }
                    }
                }
                while threads.withLock({ $0.count }) < 2 && Date() < deadline { usleep(100) }
                return value
            }
            flags.stop.store(true, ordering: .relaxed)
            return joined.withLock { $0 }
        }
        for spinner in spinners { await spinner.value }
        // A helper that waits for a pool thread joins only when libdispatch's monitor adds a
        // thread, most of a second later (0.74–0.79 s here), or never while the pool stays busy.
        let seconds = try #require(joined, "no helper joined the map while the pool was busy")
        #expect(seconds < 0.5, "the helper joined after \(seconds) s")
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
