import Foundation
import SupportBus

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
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(due.count)
            for (index, (message, attempts)) in due.enumerated() {
                if index >= concurrency, let outcome = await group.next() { outcomes.append(outcome) }
                group.addTask { await attempt(message, attempts: attempts) }
            }
            for await outcome in group { outcomes.append(outcome) }
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

extension Dispatcher {
    static let deliverySeconds = TimerFamily("supportdesk_notification_delivery_seconds", labels: ["channel"])
}
