import Foundation

/// One SLA clock's target: how much business time it allows, counted in which calendar.
public struct SLATarget: Sendable, Hashable {
    /// The target as written in the policy (`2h`, `3bd`).
    public let duration: SLADuration
    /// The calendar the clock counts in.
    public let calendar: BusinessCalendar

    /// Creates a target.
    public init(duration: SLADuration, calendar: BusinessCalendar) {
        self.duration = duration
        self.calendar = calendar
    }

    /// The target in business seconds of ``calendar``.
    public var seconds: Int64 { duration.seconds(in: calendar) }

    /// When the clock started at `start` (and never paused) reaches `fraction` of the target.
    ///
    /// `fraction` 1 is the deadline; a warning fraction (0.75) is when to warn. The business
    /// seconds are rounded up, so a warning never fires before its fraction has elapsed. A paused
    /// clock is the caller's business: add the remaining seconds from the resume instant instead.
    public func deadline(from start: Date, fraction: Double = 1) -> Date {
        guard fraction > 0 else { return start }
        // Round to milliseconds first so 7200 × 0.9 is 6480, not 6481 from binary noise.
        let scaled = ((Double(seconds) * fraction * 1_000).rounded() / 1_000).rounded(.up)
        return calendar.adding(scaled < 9.0e18 ? Int64(scaled) : .max, to: start)
    }
}
