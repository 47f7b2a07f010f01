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

    public init(
        id: String, name: String, email: String, team: String, lead: Bool = false, language: Language? = nil,
        timeZone: String? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.team = team
        self.lead = lead
        self.language = language
        self.timeZone = timeZone
    }

    enum CodingKeys: String, CodingKey { case id, name, email, team, lead, language, timeZone }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        email = try container.decode(String.self, forKey: .email)
        team = try container.decode(String.self, forKey: .team)
        lead = try container.decodeIfPresent(Bool.self, forKey: .lead) ?? false
        language = try container.decodeIfPresent(Language.self, forKey: .language)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
    }
}
