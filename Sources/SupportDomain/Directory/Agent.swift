import Foundation
/// A support agent or team lead, who receives escalations.
public struct Agent: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var email: String
    public var team: String
    /// Team leads receive SLA breaches (SPEC: "a breach escalates to the team lead").
    public var lead: Bool
    public var language: Language?
    public var timeZone: String?
    /// When the agent works, in `timeZone` (the calendar file's `hours` format); nil means
    /// Monday to Friday 09:00–18:00. Escalations that are not urgent wait for these hours.
    public var hours: WeeklyHours?

    public init(
        id: String, name: String, email: String, team: String, lead: Bool = false, language: Language? = nil,
        timeZone: String? = nil, hours: WeeklyHours? = nil
    ) {
        self.hours = hours
        self.id = id
        self.name = name
        self.email = email
        self.team = team
        self.lead = lead
        self.language = language
        self.timeZone = timeZone
    }

    enum CodingKeys: String, CodingKey { case id, name, email, team, lead, language, timeZone, hours }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        email = try container.decode(String.self, forKey: .email)
        team = try container.decode(String.self, forKey: .team)
        lead = try container.decodeIfPresent(Bool.self, forKey: .lead) ?? false
        language = try container.decodeIfPresent(Language.self, forKey: .language)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
        hours = try container.decodeIfPresent(WeeklyHours.self, forKey: .hours)
    }

    /// The agent's working hours as a calendar (no holidays), for "not before the next working
    /// minute"; nil when the time zone is not a known IANA zone.
    public var workingCalendar: BusinessCalendar? {
        guard let zone = TimeZone(identifier: timeZone ?? "America/Sao_Paulo") else { return nil }
        let week: WeeklyHours
        if let hours {
            week = hours
        } else {
            guard let day = try? WallClockInterval("09:00", "18:00"),
                let weekdays = try? WeeklyHours([.mon, .tue, .wed, .thu, .fri], [day])
            else { return nil }
            week = weekdays
        }
        return try? BusinessCalendar(name: "agent-\(id)", timeZone: zone, hours: week)
    }
}
