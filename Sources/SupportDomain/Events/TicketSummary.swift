import Foundation

/// What downstream services need to know about a ticket, carried inside their events so that
/// none of them has to ask intake or depend on the order events arrive in.
public struct TicketSummary: Codable, Sendable, Hashable {
    public var id: String
    public var number: Int
    public var account: String
    public var planGroup: PlanGroup
    public var requester: String
    public var requesterName: String
    public var requesterEmail: String
    public var requesterPhone: String?
    /// The requester's preferred language: every message to them uses it.
    public var requesterLanguage: Language
    public var requesterTimeZone: String?
    public var channel: Channel
    public var subject: String
    public var type: TicketType?
    public var priority: Priority?
    public var createdAt: Date

    public init(
        id: String, number: Int, account: String, planGroup: PlanGroup, requester: String, requesterName: String,
        requesterEmail: String, requesterPhone: String?, requesterLanguage: Language, requesterTimeZone: String?,
        channel: Channel, subject: String, type: TicketType?, priority: Priority?, createdAt: Date
    ) {
        self.id = id
        self.number = number
        self.account = account
        self.planGroup = planGroup
        self.requester = requester
        self.requesterName = requesterName
        self.requesterEmail = requesterEmail
        self.requesterPhone = requesterPhone
        self.requesterLanguage = requesterLanguage
        self.requesterTimeZone = requesterTimeZone
        self.channel = channel
        self.subject = subject
        self.type = type
        self.priority = priority
        self.createdAt = createdAt
    }
}
