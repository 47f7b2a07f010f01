import Foundation
import SupportDomain

/// The body of `GET /v1/tickets/{id}/sla`.
struct SLAView: Encodable {
    struct Clock: Encodable {
        var kind: ClockKind
        var calendar: String
        var timeZone: String
        var targetSeconds: Int64
        var dueAt: Date?
        /// The due time as a wall clock in the calendar's zone.
        var dueAtLocal: String?
        /// Business seconds left now (negative once breached; frozen while paused).
        var remainingSeconds: Int64
        var state: SLAClock.State
        var paused: Bool
        var met: Bool
        var breached: Bool

        init(_ clock: ClockState, policy: SLAPolicy, now: Date) {
            let calendar = policy.calendar(named: clock.calendar)
            kind = clock.kind
            self.calendar = clock.calendar
            let zone = calendar?.timeZone.identifier ?? "UTC"
            timeZone = zone
            targetSeconds = clock.targetSeconds
            dueAt = clock.dueAt
            dueAtLocal = clock.dueAt.map { Timestamp.local($0, timeZone: zone) }
            var consumed = clock.consumedSeconds
            if clock.state == .running, let since = clock.runningSince, let calendar {
                consumed += calendar.businessSeconds(from: since, to: max(since, now))
            }
            remainingSeconds = clock.targetSeconds - consumed
            state = clock.state
            paused = clock.state == .paused
            breached = clock.breached || remainingSeconds < 0
            met = clock.state == .stopped && !breached
        }
    }

    var ticketId: String
    var asOf: Date
    var clocks: [Clock]
}
