/// One row of the policy's `targets` table: the targets of a plan group and ticket type for
/// some priorities, counted in one named calendar.
///
/// Coded as (`priorities` omitted = all four; `nextUpdate` omitted = not tracked):
/// ```json
/// {"group": "standard", "type": "incident", "priorities": ["urgent"],
///  "firstResponse": "2h", "nextUpdate": "4h", "resolution": "1bd", "calendar": "brazil-business-hours"}
/// ```
public struct SLATargetRule: Sendable, Hashable, Codable {
    /// The plan group the row applies to.
    public let group: PlanGroup
    /// The ticket type the row applies to.
    public let type: TicketType
    /// The priorities the row applies to; never empty.
    public let priorities: [Priority]
    /// Time to the first public agent reply.
    public let firstResponse: SLADuration
    /// Time between public updates while open; `nil` when not tracked.
    public let nextUpdate: SLADuration?
    /// Time to resolved.
    public let resolution: SLADuration
    /// The name of the policy calendar all three clocks count in.
    public let calendar: String

    /// Creates a row; `priorities` defaults to all of them.
    public init(
        group: PlanGroup, type: TicketType, priorities: [Priority] = Priority.allCases,
        firstResponse: SLADuration, nextUpdate: SLADuration? = nil, resolution: SLADuration, calendar: String
    ) {
        self.group = group
        self.type = type
        self.priorities = priorities
        self.firstResponse = firstResponse
        self.nextUpdate = nextUpdate
        self.resolution = resolution
        self.calendar = calendar
    }

    private enum CodingKeys: String, CodingKey {
        case group, type, priorities, firstResponse, nextUpdate, resolution, calendar
    }

    /// Decodes a row, naming the field of any bad value.
    /// - Throws: ``SLAPolicyError`` for an unknown group, type or priority, an empty priority
    ///   list, or a duration that does not parse.
    public init(from decoder: any Decoder) throws {
        let path = SLAPolicyError.path(decoder.codingPath)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        group = try SLATargetRule.decodeName(PlanGroup.self, "plan group", container, .group, path)
        type = try SLATargetRule.decodeName(TicketType.self, "ticket type", container, .type, path)
        if let names = try container.decodeIfPresent([String].self, forKey: .priorities) {
            let priorityPath = SLAPolicyError.join(path, "priorities")
            guard !names.isEmpty else {
                throw SLAPolicyError(
                    .invalidValue, at: priorityPath, "no priorities (leave the field out to cover all four)")
            }
            priorities = try names.enumerated().map { index, name in
                try SLATargetRule.named(Priority.self, "priority", name, at: "\(priorityPath)[\(index)]")
            }
        } else {
            priorities = Priority.allCases
        }
        firstResponse = try container.decodePolicyField(SLADuration.self, forKey: .firstResponse)
        nextUpdate = try container.decodeIfPresent(SLADuration.self, forKey: .nextUpdate)
        resolution = try container.decodePolicyField(SLADuration.self, forKey: .resolution)
        calendar = try container.decodePolicyField(String.self, forKey: .calendar)
    }

    /// Encodes the row, leaving out `priorities` when it is all four and an untracked `nextUpdate`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(type, forKey: .type)
        if priorities != Priority.allCases { try container.encode(priorities, forKey: .priorities) }
        try container.encode(firstResponse, forKey: .firstResponse)
        try container.encodeIfPresent(nextUpdate, forKey: .nextUpdate)
        try container.encode(resolution, forKey: .resolution)
        try container.encode(calendar, forKey: .calendar)
    }

    private static func decodeName<Value: RawRepresentable & CaseIterable>(
        _: Value.Type, _ noun: String, _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys,
        _ path: String
    ) throws -> Value where Value.RawValue == String {
        let name = try container.decodePolicyField(String.self, forKey: key)
        return try named(Value.self, noun, name, at: SLAPolicyError.join(path, key.stringValue))
    }

    private static func named<Value: RawRepresentable & CaseIterable>(
        _: Value.Type, _ noun: String, _ name: String, at path: String
    ) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: name) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw SLAPolicyError(.invalidValue, at: path, "\"\(name)\" is not a \(noun) (use \(names))")
        }
        return value
    }
}
