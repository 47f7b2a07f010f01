import Foundation

/// One running SLA clock: its budget in business seconds, what it has consumed, and which of its
/// warnings and breach have fired.
///
/// Pure value logic, so the sla service, intake's read model and tests share it. Business time
/// is measured in the clock's calendar between instants; a paused clock keeps what it consumed
/// and resumes from its remaining budget, which is how "pauses across nights and holidays" and
/// "reopen continues from the remaining budget" both hold.
public struct SLAClock: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable {
        case running, paused, stopped
    }

    /// What a clock did when time passed or it stopped.
    public enum Firing: Sendable, Hashable {
        case warning(fraction: Double)
        case breached
        case met
    }

    public var kind: ClockKind
    public var calendar: String
    public var targetSeconds: Int64
    public var startedAt: Date
    /// Business seconds consumed before ``runningSince``.
    public var consumedSeconds: Int64
    /// Start of the current running stretch; nil unless running.
    public var runningSince: Date?
    public var state: State
    public var breached: Bool
    /// How many of the policy's warning fractions have fired in this cycle (they fire in order).
    public var warningsFired: Int
    /// When the budget runs out, while running.
    public var dueAt: Date?

    /// A clock that starts running at `start`.
    public init(kind: ClockKind, target: SLATarget, start: Date) {
        self.kind = kind
        self.calendar = target.calendar.name
        self.targetSeconds = target.seconds
        self.startedAt = start
        self.consumedSeconds = 0
        self.runningSince = start
        self.state = .running
        self.breached = false
        self.warningsFired = 0
        self.dueAt = target.calendar.adding(target.seconds, to: start)
    }

    /// A clock exactly as it was stored: what the sla store's rows read back.
    public init(
        kind: ClockKind, calendar: String, targetSeconds: Int64, startedAt: Date, consumedSeconds: Int64, runningSince: Date?,
        state: State, breached: Bool, warningsFired: Int, dueAt: Date?
    ) {
        self.kind = kind
        self.calendar = calendar
        self.targetSeconds = targetSeconds
        self.startedAt = startedAt
        self.consumedSeconds = consumedSeconds
        self.runningSince = runningSince
        self.state = state
        self.breached = breached
        self.warningsFired = warningsFired
        self.dueAt = dueAt
    }

    /// Business seconds consumed by `now`.
    public func consumed(at now: Date, in calendar: BusinessCalendar) -> Int64 {
        guard let since = runningSince, state == .running else { return consumedSeconds }
        return consumedSeconds + calendar.businessSeconds(from: since, to: max(since, now))
    }

    /// Business seconds left by `now`; negative once breached.
    public func remaining(at now: Date, in calendar: BusinessCalendar) -> Int64 {
        targetSeconds - consumed(at: now, in: calendar)
    }

    /// Stops counting at `now`, keeping what was consumed (resolution while `pending`).
    public mutating func pause(at now: Date, in calendar: BusinessCalendar) {
        guard state == .running else { return }
        consumedSeconds = consumed(at: now, in: calendar)
        runningSince = nil
        dueAt = nil
        state = .paused
    }

    /// Counts again from `now` with the remaining budget (customer answered, or reopened).
    public mutating func resume(at now: Date, in calendar: BusinessCalendar) {
        guard state != .running else { return }
        runningSince = now
        state = .running
        dueAt = calendar.adding(max(0, targetSeconds - consumedSeconds), to: now)
    }

    /// Stops the clock for good; returns `.met` when it stopped within its target.
    public mutating func stop(at now: Date, in calendar: BusinessCalendar) -> Firing? {
        guard state != .stopped else { return nil }
        consumedSeconds = consumed(at: now, in: calendar)
        runningSince = nil
        dueAt = nil
        state = .stopped
        return breached || consumedSeconds > targetSeconds ? nil : .met
    }

    /// Starts a new cycle at `now` (next update: each public agent update restarts it).
    public mutating func restart(at now: Date, in calendar: BusinessCalendar) {
        consumedSeconds = 0
        runningSince = now
        state = .running
        breached = false
        warningsFired = 0
        startedAt = now
        dueAt = calendar.adding(targetSeconds, to: now)
    }

    /// Changes the budget (type or priority changed, or the policy did), keeping consumed and
    /// paused time.
    ///
    /// Time consumed so far is measured in the old calendar; the rest of the budget counts in
    /// the target's calendar. Warnings already fired stay fired; a new larger budget can un-breach.
    public mutating func retarget(_ target: SLATarget, at now: Date, in calendar: BusinessCalendar) {
        let used = consumed(at: now, in: calendar)
        targetSeconds = target.seconds
        self.calendar = target.calendar.name
        breached = breached && used > targetSeconds
        if state == .running {
            consumedSeconds = used
            runningSince = now
            dueAt = target.calendar.adding(max(0, targetSeconds - used), to: now)
        }
    }

    /// The next instant at which something fires, or nil when nothing will while it runs as is.
    public func nextFire(fractions: [Double], in calendar: BusinessCalendar) -> Date? {
        guard state == .running, let since = runningSince, !breached else { return nil }
        if warningsFired < fractions.count {
            let threshold = Self.threshold(targetSeconds, fractions[warningsFired])
            return calendar.adding(max(0, threshold - consumedSeconds), to: since)
        }
        return dueAt
    }

    /// Fires, in order and once each, every warning and the breach whose instant is at or
    /// before `now`.
    public mutating func fire(now: Date, fractions: [Double], in calendar: BusinessCalendar) -> [Firing] {
        var fired: [Firing] = []
        while let next = nextFire(fractions: fractions, in: calendar), next <= now {
            if warningsFired < fractions.count {
                fired.append(.warning(fraction: fractions[warningsFired]))
                warningsFired += 1
            } else {
                breached = true
                fired.append(.breached)
            }
        }
        return fired
    }

    /// Business seconds at which `fraction` of `target` is used, rounded up so a warning never
    /// fires early.
    static func threshold(_ target: Int64, _ fraction: Double) -> Int64 {
        Int64(((Double(target) * fraction * 1_000).rounded() / 1_000).rounded(.up))
    }
}
