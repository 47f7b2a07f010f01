/// The SLA rules of the suite: which targets apply to each plan group × ticket type × priority,
/// the calendars they count in, and when to warn.
///
/// Loaded from the policy file (JSON or YAML, same shape; see `SLAPolicy+Codable.swift`) or
/// ``SLAPolicy/default``. Construction validates everything, so a policy value always answers
/// ``targets(group:type:priority:)`` for every combination.
public struct SLAPolicy: Sendable, Hashable {
    /// Fractions of a target at which `sla.warning` is published, strictly increasing in (0, 1).
    public let warningFractions: [Double]
    /// The calendars targets count in, each with a unique name.
    public let calendars: [BusinessCalendar]
    /// The `targets` rows, in file order; together they cover each combination exactly once.
    public let rules: [SLATargetRule]

    private let table: [Key: SLATargets]

    private struct Key: Hashable {
        let group: PlanGroup
        let type: TicketType
        let priority: Priority
    }

    /// The default warning fractions: 75 % and 90 % (SPEC).
    public static let defaultWarningFractions: [Double] = [0.75, 0.9]

    /// Creates and validates a policy.
    /// - Throws: ``SLAPolicyError`` naming the place: warning fractions not strictly increasing in
    ///   (0, 1), duplicate calendar names, a row naming an unknown calendar, a combination covered
    ///   twice, or one not covered at all.
    public init(
        warningFractions: [Double] = SLAPolicy.defaultWarningFractions, calendars: [BusinessCalendar],
        rules: [SLATargetRule]
    ) throws {
        try self.init(warningFractions: warningFractions, calendars: calendars, rules: rules, at: "")
    }

    init(warningFractions: [Double], calendars: [BusinessCalendar], rules: [SLATargetRule], at path: String) throws {
        let fractionsPath = SLAPolicyError.join(path, "warningFractions")
        for (index, fraction) in warningFractions.enumerated() {
            guard fraction > 0, fraction < 1 else {
                throw SLAPolicyError(
                    .invalidWarningFractions, at: "\(fractionsPath)[\(index)]",
                    "\(fraction) is not strictly between 0 and 1")
            }
            if index > 0, fraction <= warningFractions[index - 1] {
                throw SLAPolicyError(
                    .invalidWarningFractions, at: "\(fractionsPath)[\(index)]",
                    "\(fraction) is not above \(warningFractions[index - 1]); fractions must increase")
            }
        }
        var calendarsByName: [String: (index: Int, calendar: BusinessCalendar)] = [:]
        for (index, calendar) in calendars.enumerated() {
            if let earlier = calendarsByName[calendar.name] {
                throw SLAPolicyError(
                    .duplicateCalendar, at: SLAPolicyError.join(path, "calendars[\(index)].name"),
                    "\"\(calendar.name)\" is already the name of calendars[\(earlier.index)]")
            }
            calendarsByName[calendar.name] = (index, calendar)
        }
        var table: [Key: SLATargets] = [:]
        var coveredBy: [Key: Int] = [:]
        for (index, rule) in rules.enumerated() {
            let rulePath = SLAPolicyError.join(path, "targets[\(index)]")
            guard let calendar = calendarsByName[rule.calendar]?.calendar else {
                let known = calendars.map { "\"\($0.name)\"" }.joined(separator: ", ")
                throw SLAPolicyError(
                    .unknownCalendar, at: SLAPolicyError.join(rulePath, "calendar"),
                    "\"\(rule.calendar)\" is not a calendar of this policy (known: \(known.isEmpty ? "none" : known))")
            }
            let targets = SLATargets(
                firstResponse: SLATarget(duration: rule.firstResponse, calendar: calendar),
                nextUpdate: rule.nextUpdate.map { SLATarget(duration: $0, calendar: calendar) },
                resolution: SLATarget(duration: rule.resolution, calendar: calendar))
            for priority in rule.priorities {
                let key = Key(group: rule.group, type: rule.type, priority: priority)
                if let earlier = coveredBy[key] {
                    throw SLAPolicyError(
                        .duplicateTarget, at: rulePath,
                        "\(SLAPolicy.describe(key)) is already covered by targets[\(earlier)]")
                }
                coveredBy[key] = index
                table[key] = targets
            }
        }
        for group in PlanGroup.allCases {
            for type in TicketType.allCases {
                for priority in Priority.allCases {
                    let key = Key(group: group, type: type, priority: priority)
                    guard table[key] == nil else { continue }
                    throw SLAPolicyError(
                        .missingTarget, at: SLAPolicyError.join(path, "targets"),
                        "no row covers \(SLAPolicy.describe(key)); every group × type × priority needs one")
                }
            }
        }
        self.warningFractions = warningFractions
        self.calendars = calendars
        self.rules = rules
        self.table = table
    }

    /// The targets of one combination; every combination has them once the policy exists.
    public func targets(group: PlanGroup, type: TicketType, priority: Priority) -> SLATargets {
        guard let targets = table[Key(group: group, type: type, priority: priority)] else {
            preconditionFailure("a validated SLA policy covers \(group)/\(type)/\(priority)")
        }
        return targets
    }

    /// The targets for a ticket of `plan`, or `nil` for a plan without SLA (`trial`, which cannot
    /// open tickets).
    public func targets(plan: Plan, type: TicketType, priority: Priority) -> SLATargets? {
        plan.group.map { targets(group: $0, type: type, priority: priority) }
    }

    /// The calendar named `name`, if the policy has one.
    public func calendar(named name: String) -> BusinessCalendar? {
        calendars.first { $0.name == name }
    }

    /// Equality of what was configured; the lookup table follows from it.
    public static func == (lhs: SLAPolicy, rhs: SLAPolicy) -> Bool {
        lhs.warningFractions == rhs.warningFractions && lhs.calendars == rhs.calendars && lhs.rules == rhs.rules
    }

    /// Hashes what was configured.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(warningFractions)
        hasher.combine(calendars)
        hasher.combine(rules)
    }

    private static func describe(_ key: Key) -> String {
        "\(key.group.rawValue)/\(key.type.rawValue)/\(key.priority.rawValue)"
    }
}
