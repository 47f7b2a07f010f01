/// The SPEC's default targets.
extension SLAPolicy {
    /// The SPEC defaults table, warnings at 75 % and 90 %.
    ///
    /// Standard plans count every clock in ``BusinessCalendar/brazilBusinessHours`` (so "2 h" is
    /// two business hours); premium plans count urgent and high incidents in
    /// ``BusinessCalendar/twentyFourSeven`` and everything else in business hours. `1bd` is 10
    /// business hours there: 08:00 to 18:00. Shipped also as `services/sla/policy.json`.
    public static let `default`: SLAPolicy = {
        let business = BusinessCalendar.brazilBusinessHours
        let always = BusinessCalendar.twentyFourSeven
        let b = business.name
        let a = always.name
        let h: (Int64) -> SLADuration = { .seconds($0 * 3_600) }
        let bd: (Int64) -> SLADuration = { .businessDays($0) }
        let rules = [
            SLATargetRule(
                group: .standard, type: .incident, priorities: [.urgent], firstResponse: h(2), nextUpdate: h(4),
                resolution: bd(1), calendar: b),
            SLATargetRule(
                group: .standard, type: .incident, priorities: [.high], firstResponse: h(4), nextUpdate: h(8),
                resolution: bd(2), calendar: b),
            SLATargetRule(
                group: .standard, type: .incident, priorities: [.normal, .low], firstResponse: h(8),
                resolution: bd(5), calendar: b),
            SLATargetRule(group: .standard, type: .task, firstResponse: h(8), resolution: bd(5), calendar: b),
            SLATargetRule(group: .standard, type: .doubt, firstResponse: h(8), resolution: bd(3), calendar: b),
            SLATargetRule(
                group: .premium, type: .incident, priorities: [.urgent], firstResponse: .seconds(30 * 60),
                nextUpdate: h(1), resolution: h(8), calendar: a),
            SLATargetRule(
                group: .premium, type: .incident, priorities: [.high], firstResponse: h(1), nextUpdate: h(2),
                resolution: h(24), calendar: a),
            SLATargetRule(
                group: .premium, type: .incident, priorities: [.normal, .low], firstResponse: h(4),
                resolution: bd(3), calendar: b),
            SLATargetRule(group: .premium, type: .task, firstResponse: h(4), resolution: bd(3), calendar: b),
            SLATargetRule(group: .premium, type: .doubt, firstResponse: h(4), resolution: bd(2), calendar: b),
        ]
        do {
            return try SLAPolicy(calendars: [business, always], rules: rules)
        } catch {
            preconditionFailure("the built-in SLA policy is invalid: \(error)")
        }
    }()
}
