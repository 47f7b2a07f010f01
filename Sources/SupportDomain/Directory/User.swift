/// A registered platform user: someone who may be a requester.
public struct User: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var email: String
    /// E.164 phone number, used to recognise WhatsApp senders.
    public var phone: String?
    /// The account the user belongs to.
    public var account: String
    /// The bot teams (tenants) the user is a member of.
    public var teams: [String]
    /// Preferred language; `nil` means English (SPEC default).
    public var language: Language?
    /// IANA time zone in which the user reads times; `nil` means the account's support zone.
    public var timeZone: String?

    public init(
        id: String, name: String, email: String, phone: String? = nil, account: String, teams: [String],
        language: Language? = nil, timeZone: String? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.account = account
        self.teams = teams
        self.language = language
        self.timeZone = timeZone
    }

    /// The language every message to this user is written in.
    public var preferredLanguage: Language { language ?? .en }
}
