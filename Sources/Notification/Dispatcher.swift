import Foundation
import SupportBus

/// Delivers what is due: up to `concurrency` attempts at once, their outcomes committed
/// hundreds to a transaction (one `fsync` for hundreds of deliveries).
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

        /// The delivery it is about.
        public var message: Message {
            switch self {
            case .sent(let message, _), .failed(let message, _, _, _), .deferred(let message, _): message
            }
        }
    }

    /// Delivers until nothing is due: up to `concurrency` attempts in flight, refilled from the
    /// store as they drain, and the outcomes committed `batch` at a time, each commit handed to
    /// `committed` once it is durable (to publish `notification.sent`). Due means due at `time`,
    /// or at each fetch's own moment when nil.
    ///
    /// Why a flow instead of passes: a pass of fetch, send and commit left the receiver idle
    /// while it fetched and committed, and sent from fewer and fewer workers as its last
    /// deliveries ended. Here the next deliveries are fetched while the last are in flight, and
    /// a commit runs while the next ones go out. A delivery stays `pending` in the store until
    /// its outcome commits, so every fetch leaves out the ones this flow has taken and not yet
    /// committed: the set is copied before the read begins, and an id leaves it only after its
    /// commit, so a read either sees the commit or skips the id. Never sent twice.
    public func drain(
        at time: Date? = nil, batch: Int = 256, committed: ([Outcome]) async -> Void = { _ in }
    ) async throws {
        func now() -> Date { time ?? Date() }
        _ = try await store.releaseDigests(now: now(), compose: digest)
        enum Step: Sendable {
            case attempted(Outcome)
            case recorded([Outcome])
        }
        try await withThrowingTaskGroup(of: Step.self) { group in
            var queue: ArraySlice<(Message, attempts: Int)> = []
            var taken = Set<String>()
            var done: [Outcome] = []
            var running = 0
            var recording = false
            var exhausted = false
            // A read that fails stops new work; what is in flight still ends and commits, and
            // its commit is handed on, before the failure is thrown.
            var failure: (any Error)?
            while true {
                if !exhausted && queue.count < concurrency {
                    do {
                        let fetched = try await store.due(now: now(), limit: batch, excluding: taken)
                        exhausted = fetched.count < batch
                        for (message, _) in fetched { taken.insert(message.deliveryID) }
                        queue.append(contentsOf: fetched)
                    } catch {
                        failure = error
                        exhausted = true
                    }
                }
                while running < concurrency, let (message, attempts) = queue.popFirst() {
                    group.addTask { .attempted(await attempt(message, attempts: attempts)) }
                    running += 1
                }
                // One commit at a time, in order: a full batch, or whatever is left at the end.
                if !recording, !done.isEmpty, done.count >= batch || (running == 0 && queue.isEmpty) {
                    let outcomes = done
                    done = []
                    recording = true
                    group.addTask {
                        try await store.record(outcomes, now: Date(), retryAt: Self.retryAt)
                        return .recorded(outcomes)
                    }
                }
                guard running > 0 || recording, let step = try await group.next() else { break }
                switch step {
                case .attempted(let outcome):
                    running -= 1
                    done.append(outcome)
                case .recorded(let outcomes):
                    recording = false
                    for outcome in outcomes { taken.remove(outcome.message.deliveryID) }
                    await committed(outcomes)
                }
            }
            if let failure { throw failure }
        }
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
