import Foundation

/// A support ticket as intake, the system of record, keeps it.
public struct Ticket: Codable, Sendable, Hashable {
    /// Time-ordered unique id (see ``EventID``).
    public var id: String
    /// Per-account sequential number people quote ("ticket #42").
    public var number: Int
    public var account: String
    /// The requester's directory user id.
    public var requester: String
    public var channel: Channel
    /// The type the customer chose, if any; kept even when the classifier disagrees.
    public var requestedType: TicketType?
    public var subject: String
    public var description: String
    public var status: TicketStatus
    /// The type the SLA uses: the more urgent of the requested and the classified type.
    public var type: TicketType?
    public var priority: Priority?
    /// The language the ticket is written in (detected); messages to the requester still use
    /// their preferred language.
    public var language: Language?
    public var classification: TicketClassification?
    /// The classifier confidently disagreed with the customer's chosen type.
    public var typeMismatch: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// When the ticket was last resolved; a customer reply within the reopen window reopens it.
    public var resolvedAt: Date?
    /// The agent working the ticket, by directory id.
    public var assignee: String?
    /// The support team the ticket is queued for.
    public var team: String?

    public init(
        id: String, number: Int, account: String, requester: String, channel: Channel, requestedType: TicketType?,
        subject: String, description: String, status: TicketStatus = .new, type: TicketType? = nil,
        priority: Priority? = nil, language: Language? = nil, classification: TicketClassification? = nil,
        typeMismatch: Bool = false, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.number = number
        self.account = account
        self.requester = requester
        self.channel = channel
        self.requestedType = requestedType
        self.subject = subject
        self.description = description
        self.status = status
        self.type = type
        self.priority = priority
        self.language = language
        self.classification = classification
        self.typeMismatch = typeMismatch
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
