/// A customer organisation and its support contract.
public struct Account: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var plan: Plan
    /// The contract's scope and options; a `trial` account has none.
    public var contract: Contract?

    public init(id: String, name: String, plan: Plan, contract: Contract? = nil) {
        self.id = id
        self.name = name
        self.plan = plan
        self.contract = contract
    }
}

/// What a support contract covers. The binding values live in each customer's contract, so
/// they are data, not code.
public struct Contract: Codable, Sendable, Hashable {
    /// The bot teams (tenants) whose members may open tickets (SPEC rule 3).
    public var botTeams: [String]
    /// Whether the phone channel is enabled; only `super` and `enterprise` contracts may.
    public var phone: Bool

    public init(botTeams: [String], phone: Bool = false) {
        self.botTeams = botTeams
        self.phone = phone
    }

    enum CodingKeys: String, CodingKey { case botTeams, phone }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        botTeams = try container.decode([String].self, forKey: .botTeams)
        phone = try container.decodeIfPresent(Bool.self, forKey: .phone) ?? false
    }
}
