/// The customer directory: accounts with their contracts, users and agents.
///
/// It is loaded from a file (JSON or YAML) by the services that need it; this type only holds it
/// and answers look-ups, so the entitlement rules stay pure.
public struct Directory: Codable, Sendable {
    /// Where requesters write when no other channel is open to them (SPEC: "write to the support
    /// e-mail address when nothing else works").
    public var supportEmail: String
    public var accounts: [Account]
    public var users: [User]
    public var agents: [Agent]

    private var accountIndex: [String: Int] = [:]
    private var userIndex: [String: Int] = [:]

    enum CodingKeys: String, CodingKey { case supportEmail, accounts, users, agents }

    public init(supportEmail: String, accounts: [Account], users: [User], agents: [Agent] = []) {
        self.supportEmail = supportEmail
        self.accounts = accounts
        self.users = users
        self.agents = agents
        buildIndexes()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        supportEmail = try container.decode(String.self, forKey: .supportEmail)
        accounts = try container.decode([Account].self, forKey: .accounts)
        users = try container.decode([User].self, forKey: .users)
        agents = try container.decodeIfPresent([Agent].self, forKey: .agents) ?? []
        buildIndexes()
    }

    private mutating func buildIndexes() {
        accountIndex = [:]
        userIndex = [:]
        for (index, account) in accounts.enumerated() { accountIndex[account.id] = index }
        for (index, user) in users.enumerated() {
            userIndex[user.id] = index
            userIndex[Self.key(email: user.email)] = index
            if let phone = user.phone { userIndex[Self.key(phone: phone)] = index }
        }
    }

    private static func key(email: String) -> String { "mail:" + email.lowercased() }
    private static func key(phone: String) -> String { "tel:" + phone.filter { $0.isNumber } }

    public func account(id: String) -> Account? {
        accountIndex[id].map { accounts[$0] }
    }

    /// Finds a user by id, e-mail address (case-insensitive) or phone number (digits only).
    public func user(matching requester: String) -> User? {
        if let index = userIndex[requester] ?? userIndex[Self.key(email: requester)] { return users[index] }
        let digits = requester.filter { $0.isNumber }
        if digits.count >= 8, let index = userIndex[Self.key(phone: requester)] { return users[index] }
        return nil
    }

    /// The leads of `team`, falling back to every lead when the team has none.
    public func leads(of team: String) -> [Agent] {
        let leads = agents.filter { $0.lead && $0.team == team }
        return leads.isEmpty ? agents.filter(\.lead) : leads
    }
}
