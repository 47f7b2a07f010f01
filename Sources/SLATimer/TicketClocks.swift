import Foundation
import SupportDomain

/// Every clock of one ticket and the rules that move them (SPEC "SLA", issue #3).
///
/// Pure: events in, events out, time taken from the events themselves (when the change happened
/// at intake), never from the processing moment, so a restarted service computes the same dues.
struct TicketClocks: Codable, Sendable, Hashable {
    var ticket: TicketSummary
    var status: TicketStatus
    var clocks: [SLAClock]

    /// Starts the clocks of a classified ticket at `start`.
    init(classified: TicketClassified, start: Date, policy: SLAPolicy) {
        ticket = classified.ticket
        status = .open
        let targets = policy.targets(
            group: ticket.planGroup, type: ticket.type ?? .doubt, priority: ticket.priority ?? .normal)
        clocks = [
            SLAClock(kind: .firstResponse, target: targets.firstResponse, start: start),
            SLAClock(kind: .resolution, target: targets.resolution, start: start),
        ]
        if let nextUpdate = targets.nextUpdate {
            clocks.append(SLAClock(kind: .nextUpdate, target: nextUpdate, start: start))
        }
    }

    var started: Event { .slaStarted(SLAStarted(ticket: ticket, clocks: clocks.map(ClockState.init))) }

    /// Applies a reply or status change; returns the SLA events it causes.
    mutating func apply(_ update: TicketUpdated, policy: SLAPolicy) -> [Event] {
        var events: [Event] = []
        let at = update.at
        if update.change == .reply && update.author == .agent && update.isPublic {
            events += modify(.firstResponse, policy) { clock, calendar in clock.stop(at: at, in: calendar) }
            if status != .resolved && status != .closed {
                events += modify(.nextUpdate, policy) { clock, calendar in
                    let met = clock.stop(at: at, in: calendar)
                    clock.restart(at: at, in: calendar)
                    return met
                }
                // While the ticket waits on the customer, the new cycle waits too.
                if update.status == .pending { events += pause([.nextUpdate], at: at, policy) }
            }
        }
        if update.change == .classification {
            ticket.type = update.ticket.type
            ticket.priority = update.ticket.priority
            events += retarget(at: at, policy: policy)
        }
        let previous = status
        status = update.status
        ticket.subject = update.ticket.subject
        switch (previous, update.status) {
        case (let from, .pending) where from != .pending:
            events += pause([.resolution, .nextUpdate], at: at, policy)
        case (.pending, .open):
            events += resume([.resolution, .nextUpdate], at: at, policy)
        case (let from, .resolved) where from != .resolved:
            for kind in [ClockKind.firstResponse, .resolution, .nextUpdate] {
                events += modify(kind, policy) { clock, calendar in clock.stop(at: at, in: calendar) }
            }
        case (.resolved, .open), (.closed, .open):
            events += resume([.resolution], at: at, policy)
            for index in clocks.indices where clocks[index].kind == .nextUpdate {
                if let calendar = policy.calendar(named: clocks[index].calendar) {
                    clocks[index].restart(at: at, in: calendar)
                    events.append(.slaResumed(SLAClockEvent(ticket: ticket, clock: ClockState(clocks[index]))))
                }
            }
        case (_, .closed):
            for kind in ClockKind.allCases {
                events += modify(kind, policy) { clock, calendar in clock.stop(at: at, in: calendar) }
            }
        default:
            break
        }
        return events
    }

    /// Recomputes every open clock's budget from the policy for the ticket's current group,
    /// type and priority, keeping what was consumed (and so the paused time excluded). A clock
    /// the new targets do not have (next update of a non-incident) stops; one they add starts now.
    mutating func retarget(at now: Date, policy: SLAPolicy) -> [Event] {
        let targets = policy.targets(group: ticket.planGroup, type: ticket.type ?? .doubt, priority: ticket.priority ?? .normal)
        var events: [Event] = []
        for kind in ClockKind.allCases {
            let target: SLATarget? =
                switch kind {
                case .firstResponse: targets.firstResponse
                case .resolution: targets.resolution
                case .nextUpdate: targets.nextUpdate
                }
            if let index = clocks.firstIndex(where: { $0.kind == kind }) {
                guard clocks[index].state != .stopped, let calendar = policy.calendar(named: clocks[index].calendar) ?? target?.calendar
                else { continue }
                if let target {
                    clocks[index].retarget(target, at: now, in: calendar)
                } else {
                    _ = clocks[index].stop(at: now, in: calendar)
                }
            } else if let target, status != .resolved, status != .closed {
                var clock = SLAClock(kind: kind, target: target, start: now)
                if status == .pending && kind != .firstResponse { clock.pause(at: now, in: target.calendar) }
                clocks.append(clock)
            }
        }
        if clocks.contains(where: { $0.state != .stopped }) { events.append(started) }
        return events
    }

    /// Fires every warning and breach due by `now`.
    mutating func fire(now: Date, policy: SLAPolicy) -> [Event] {
        var events: [Event] = []
        for index in clocks.indices {
            guard let calendar = policy.calendar(named: clocks[index].calendar) else { continue }
            for firing in clocks[index].fire(now: now, fractions: policy.warningFractions, in: calendar) {
                events.append(event(for: firing, clock: clocks[index]))
            }
        }
        return events
    }

    /// When the timer loop must look at this ticket next.
    func nextFire(policy: SLAPolicy) -> Date? {
        clocks.compactMap { clock in
            policy.calendar(named: clock.calendar).flatMap { clock.nextFire(fractions: policy.warningFractions, in: $0) }
        }.min()
    }

    private func event(for firing: SLAClock.Firing, clock: SLAClock) -> Event {
        switch firing {
        case .warning(let fraction): .slaWarning(SLAClockEvent(ticket: ticket, clock: ClockState(clock), fraction: fraction))
        case .breached: .slaBreached(SLAClockEvent(ticket: ticket, clock: ClockState(clock)))
        case .met: .slaMet(SLAClockEvent(ticket: ticket, clock: ClockState(clock)))
        }
    }

    private mutating func modify(
        _ kind: ClockKind, _ policy: SLAPolicy, _ change: (inout SLAClock, BusinessCalendar) -> SLAClock.Firing?
    ) -> [Event] {
        guard let index = clocks.firstIndex(where: { $0.kind == kind }), clocks[index].state != .stopped,
            let calendar = policy.calendar(named: clocks[index].calendar)
        else { return [] }
        return change(&clocks[index], calendar).map { [event(for: $0, clock: clocks[index])] } ?? []
    }

    private mutating func pause(_ kinds: [ClockKind], at: Date, _ policy: SLAPolicy) -> [Event] {
        var events: [Event] = []
        for index in clocks.indices where kinds.contains(clocks[index].kind) && clocks[index].state == .running {
            guard let calendar = policy.calendar(named: clocks[index].calendar) else { continue }
            clocks[index].pause(at: at, in: calendar)
            events.append(.slaPaused(SLAClockEvent(ticket: ticket, clock: ClockState(clocks[index]))))
        }
        return events
    }

    private mutating func resume(_ kinds: [ClockKind], at: Date, _ policy: SLAPolicy) -> [Event] {
        var events: [Event] = []
        for index in clocks.indices where kinds.contains(clocks[index].kind) && clocks[index].state != .running {
            guard let calendar = policy.calendar(named: clocks[index].calendar) else { continue }
            clocks[index].resume(at: at, in: calendar)
            events.append(.slaResumed(SLAClockEvent(ticket: ticket, clock: ClockState(clocks[index]))))
        }
        return events
    }
}
