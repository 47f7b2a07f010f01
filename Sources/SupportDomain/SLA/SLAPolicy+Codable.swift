/// The policy file format: plain `Codable`, read from JSON or YAML alike.
///
/// ```json
/// {"warningFractions": [0.75, 0.9],
///  "calendars": [
///    {"name": "brazil-business-hours", "timeZone": "America/Sao_Paulo",
///     "hours": {"mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]], …},
///     "holidays": ["01-01", {"easter": -48, "name": "Carnival Monday"}, …], "businessDay": "10h"},
///    {"name": "24x7", "alwaysOpen": true, "timeZone": "UTC"}],
///  "targets": [
///    {"group": "standard", "type": "incident", "priorities": ["urgent"],
///     "firstResponse": "2h", "nextUpdate": "4h", "resolution": "1bd", "calendar": "brazil-business-hours"},
///    {"group": "standard", "type": "task",
///     "firstResponse": "8h", "resolution": "5bd", "calendar": "brazil-business-hours"}, …]}
/// ```
/// `warningFractions` may be left out (75 % and 90 %). Each row's `calendar` names one of
/// `calendars`; durations are `<n>s`, `<n>m`, `<n>h` or `<n>bd` (see ``SLADuration``).
extension SLAPolicy: Codable {
    private enum CodingKeys: String, CodingKey {
        case warningFractions, calendars, targets
    }

    /// Decodes and validates a policy.
    /// - Throws: ``SLAPolicyError`` naming the exact place of the first problem, e.g.
    ///   `targets[3].resolution: "5x" is not a duration (use 30m, 2h, 3bd)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            warningFractions: container.decodeIfPresent([Double].self, forKey: .warningFractions)
                ?? SLAPolicy.defaultWarningFractions,
            calendars: container.decodePolicyField([BusinessCalendar].self, forKey: .calendars),
            rules: container.decodePolicyField([SLATargetRule].self, forKey: .targets),
            at: SLAPolicyError.path(decoder.codingPath))
    }

    /// Encodes the file format.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(warningFractions, forKey: .warningFractions)
        try container.encode(calendars, forKey: .calendars)
        try container.encode(rules, forKey: .targets)
    }
}
