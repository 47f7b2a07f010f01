import Foundation
import Synchronization

/// One circuit breaker per destination (the SMTP server, the WhatsApp API, a webhook URL).
///
/// After `threshold` transient failures in a row the destination is left alone for `cooldown`:
/// its deliveries wait without spending attempts, so a receiver that is down is not hammered
/// and no message reaches the dead letters just because its receiver had an outage. Then one
/// delivery probes; success closes the circuit, failure opens it again for twice as long (at
/// most `maximumCooldown`).
final class CircuitBreaker: Sendable {
    let threshold: Int
    let cooldown: TimeInterval
    let maximumCooldown: TimeInterval
    private let states = Mutex<[String: State]>([:])

    struct State {
        var failures = 0
        var openUntil: Date?
        var currentCooldown: TimeInterval = 0
        var probing = false
    }

    init(threshold: Int = 5, cooldown: TimeInterval = 10, maximumCooldown: TimeInterval = 300) {
        self.threshold = threshold
        self.cooldown = cooldown
        self.maximumCooldown = maximumCooldown
    }

    /// Whether a delivery to `destination` may go now; nil when it may, else when to try again.
    func admit(_ destination: String, now: Date) -> Date? {
        states.withLock { states in
            var state = states[destination] ?? State()
            defer { states[destination] = state }
            guard let openUntil = state.openUntil else { return nil }
            if now < openUntil || state.probing { return max(openUntil, now.addingTimeInterval(1)) }
            state.probing = true
            return nil
        }
    }

    /// Records how a delivery to `destination` ended; returns true when this opened the circuit.
    @discardableResult
    func record(_ destination: String, success: Bool, now: Date) -> Bool {
        states.withLock { states in
            var state = states[destination] ?? State()
            defer { states[destination] = state }
            if success {
                state = State()
                return false
            }
            state.failures += 1
            guard state.probing || state.failures >= threshold else { return false }
            state.currentCooldown = state.probing ? min(maximumCooldown, max(cooldown, state.currentCooldown * 2)) : cooldown
            state.openUntil = now.addingTimeInterval(state.currentCooldown)
            state.probing = false
            return true
        }
    }

    /// Destinations whose circuit is open now (for logs and status).
    func open(now: Date) -> [String] {
        states.withLock { states in states.filter { ($0.value.openUntil ?? .distantPast) > now }.map(\.key).sorted() }
    }
}
