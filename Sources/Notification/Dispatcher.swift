import Foundation
import SupportBus
import Synchronization

/// Delivers what is due: up to `concurrency` attempts at once, every outcome of a pass
/// committed in one transaction (one `fsync` for hundreds of deliveries).
///
/// Shared by the service's loop and `supportctl load notification`, so the benchmark measures
/// the path production runs.
public struct Dispatcher: Sendable {
    let store: DeliveryStore
    let channels: [String: any DeliveryChannel]
    let fallback: any DeliveryChannel
    let concurrency: Int
    let maximumAttempts: Int
    let breaker: CircuitBreaker
    /// Writes the digest that replaces a held burst.
    let digest: @Sendable ([Message]) -> Message

    public init(
        store: DeliveryStore, channels: [String: any DeliveryChannel], fallback: any DeliveryChannel, concurrency: Int,
        maximumAttempts: Int, digest: @escaping @Sendable ([Message]) -> Message
    ) {
        self.digest = digest
        self.store = store
        self.channels = channels
        self.fallback = fallback
        self.concurrency = concurrency
        self.maximumAttempts = maximumAttempts
        self.breaker = CircuitBreaker()
    }

    /// How one delivery attempt ended.
    public enum Outcome: Sendable {
        case sent(Message, attempts: Int)
        /// `dead`: no more attempts (permanent failure, or the last one failed).
        case failed(Message, attempts: Int, error: String, dead: Bool)
        /// Not attempted: its destination's circuit is open until `until`.
        case deferred(Message, until: Date)
    }

    /// One pass over up to `limit` due deliveries; returns what happened to each.
    public func pass(now: Date = Date(), limit: Int = 512) async throws -> [Outcome] {
        _ = try await store.releaseDigests(now: now, compose: digest)
        let due = try await store.due(now: now, limit: limit)
        guard !due.isEmpty else { return [] }
        // `concurrency` workers, each taking the next due delivery when its last one ends: no
        // task per delivery, and no wake of this task per outcome (where a task per delivery,
        // added as each one ended, kept the pass's own task hopping).
        let cursor = Cursor()
        let outcomes = await withTaskGroup(of: [Outcome].self) { group in
            for _ in 0..<min(concurrency, due.count) {
                group.addTask {
                    var outcomes: [Outcome] = []
                    while let index = cursor.next(below: due.count) {
                        outcomes.append(await attempt(due[index].0, attempts: due[index].attempts))
                    }
                    return outcomes
                }
            }
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(due.count)
            for await some in group { outcomes += some }
            return outcomes
        }
        try await store.record(outcomes, now: Date(), retryAt: Self.retryAt)
        return outcomes
    }

    func attempt(_ message: Message, attempts: Int) async -> Outcome {
        let channel = channels[message.channel] ?? fallback
        let now = Date()
        if let until = breaker.admit(channel.destination, now: now) { return .deferred(message, until: until) }
        do {
            let started = ContinuousClock.now
            try await channel.deliver(message)
            Self.deliverySeconds.record(ContinuousClock.now - started, message.channel)
            breaker.record(channel.destination, success: true, now: Date())
            return .sent(message, attempts: attempts + 1)
        } catch {
            let permanent = if case DeliveryFailure.permanent = error { true } else { false }
            // A permanent failure is about this message, not the destination's health.
            if !permanent { breaker.record(channel.destination, success: false, now: Date()) }
            return .failed(message, attempts: attempts + 1, error: "\(error)", dead: permanent || attempts + 1 >= maximumAttempts)
        }
    }

    /// Exponential back-off with jitter (1 s, 2 s, 4 s … capped at 5 min, ±20 %), so a
    /// receiver that comes back is not hit by every retry at the same instant.
    static func retryAt(attempts: Int, now: Date) -> Date {
        now.addingTimeInterval(min(300.0, pow(2.0, Double(attempts - 1))) * Double.random(in: 0.8...1.2))
    }

    /// Destinations whose circuit is open now.
    public func openCircuits(now: Date = Date()) -> [String] { breaker.open(now: now) }
}

/// The index of the next delivery a pass's workers take.
private final class Cursor: Sendable {
    private let taken = Atomic<Int>(0)
    func next(below count: Int) -> Int? {
        let index = taken.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}

extension Dispatcher {
    static let deliverySeconds = TimerFamily("supportdesk_notification_delivery_seconds", labels: ["channel"])
}
