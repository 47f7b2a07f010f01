import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` over every core, in chunks of `chunk` elements, results in order.
    ///
    /// Why: a service's batch of envelopes is decoded, and what it produces encoded, while its
    /// store's writer waits; on two cores that coding was half the SLA update path (BENCHMARKS.md).
    ///
    /// The caller maps chunks itself while helpers on `parallelHelpers` take chunks too. The
    /// caller never waits for a helper to start; at the end it waits only for the chunks helpers
    /// already hold, which is computation and no longer than one chunk takes (so a caller on the
    /// concurrency pool is held for that long, never for I/O or a lock). A helper that starts
    /// after the last chunk was taken finds nothing to do. `DispatchQueue.concurrentPerform` was
    /// not used: called from a Swift concurrency thread on Linux it ran every chunk on the caller.
    /// The transform must be pure computation (no I/O, no locks). Arrays of less than two chunks
    /// are mapped on the calling thread.
    ///
    /// The transform cannot throw: a caller that wants each element's failure maps to `Result`;
    /// one that wants the first failure uses `parallelMap(chunk:throwing:)`.
    public func parallelMap<T: Sendable>(chunk: Int = 64, _ transform: @escaping @Sendable (Element) -> T) -> [T] {
        let size = Swift.max(1, chunk)
        let chunks = (count + size - 1) / size
        guard chunks > 1, parallelCores > 1 else { return map(transform) }
        let job = ParallelJob(input: self, chunk: size, chunks: chunks, transform: transform)
        for helper in 0..<(Swift.min(parallelCores, chunks) - 1) {
            parallelHelpers[helper].async { job.drain() }
        }
        job.drain()
        job.finished.wait()
        return job.results()
    }
}

extension Array where Element: Sendable {
    /// `parallelMap` for work that can fail: every element is transformed, then the first error
    /// in order is thrown.
    public func parallelMap<T: Sendable>(chunk: Int = 64, throwing transform: @escaping @Sendable (Element) throws -> T) throws -> [T] {
        try parallelMap(chunk: chunk) { element in Result { try transform(element) } }.map { try $0.get() }
    }
}

/// The number of cores `parallelMap` spreads over.
private let parallelCores = ProcessInfo.processInfo.activeProcessorCount

/// Where `parallelMap`'s helpers run: one serial queue per helper. A serial queue has a thread of
/// its own when it has work (libdispatch's overcommit threads), so a helper starts at once even
/// while every thread of the Swift concurrency pool is busy. A concurrent queue did not: on
/// Linux it draws from the same few threads as the pool, and a helper waited behind the pool's
/// work for seconds (`ParallelMapTests`).
private let parallelHelpers = (0..<Swift.max(1, parallelCores - 1)).map { DispatchQueue(label: "supportdesk.parallel-map.\($0)") }

/// One `parallelMap` call's shared state. Chunks are handed out by an atomic counter, and each
/// chunk writes only its own slots. Whoever finishes the last chunk signals `finished`, which
/// orders every write before the caller's `results`.
private final class ParallelJob<Element: Sendable, T: Sendable>: @unchecked Sendable {
    let input: [Element]
    let chunk: Int
    let chunks: Int
    let transform: @Sendable (Element) -> T
    let output: UnsafeMutableBufferPointer<T?>
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    let finished = DispatchSemaphore(value: 0)

    init(input: [Element], chunk: Int, chunks: Int, transform: @escaping @Sendable (Element) -> T) {
        self.input = input
        self.chunk = chunk
        self.chunks = chunks
        self.transform = transform
        output = .allocate(capacity: input.count)
        output.initialize(repeating: nil)
    }

    deinit {
        output.deinitialize()
        output.deallocate()
    }

    func drain() {
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < chunks else { return }
            for position in (index * chunk)..<Swift.min(input.count, (index + 1) * chunk) {
                output[position] = transform(input[position])
            }
            if done.add(1, ordering: .acquiringAndReleasing).newValue == chunks { finished.signal() }
        }
    }

    func results() -> [T] { output.map { $0! } }
}
