import Foundation
import SupportBus
import SupportDomain
import SupportRuntime
import SupportStore

/// The sla store's share of a clock update: the service's batch transaction with the rules
/// applied and the rows and envelopes encoded before it begins, so that only what the store does
/// is timed: the inbox rows, the journal row and the cache, the outbox rows, the synced commit,
/// then the outbox deletes and the folds.
///
/// `supportctl load sla` runs it on the service's store right after the service's own updates
/// and prints it beside them. The store's rate bounds what moving the rules and the coding off
/// the writer's thread could give; the gap between the two is what they cost it.
public enum SLAStoreBenchmark {
    /// The store's rate over the timed parts, and the process's CPU time per update in them
    /// (every thread: the writer's, and SQLite's and the encoders' helpers).
    public struct Result: Sendable {
        public let updatesPerSecond: Double
        public let cpuMicrosecondsPerUpdate: Double
    }

    /// Applies `updates` events made by `update` (the n-th, not timed), `batch` a transaction.
    public static func run(
        _ service: SLAService, updates: Int, batch: Int, update: (Int) throws -> Envelope
    ) async throws -> Result {
        let store = service.store
        let clock = ContinuousClock()
        var timed = Duration.zero
        var cpu = 0.0
        for first in stride(from: 0, to: updates, by: batch) {
            let events = try (first..<min(first + batch, updates)).map(update)
            // Not timed: the rules, on the committed clocks (a read), and the encoding.
            let changes = try await store.storage.read { db in
                var changes = ClockChanges()
                for event in events { try service.apply(event, to: &changes, in: db) }
                return changes
            }
            let prepared = try store.prepare(changes)
            let started = clock.now
            let startedCPU = ProcessCPU.seconds
            let produced = try await service.commitBatch(events) { _, _ in prepared }
            try await service.forget(produced.flatMap { $0.2.map(\.key) })
            try await service.fold(all: first + batch >= updates)
            timed += clock.now - started
            cpu += ProcessCPU.seconds - startedCPU
        }
        return Result(updatesPerSecond: Double(updates) / timed.seconds, cpuMicrosecondsPerUpdate: cpu * 1e6 / Double(updates))
    }
}
