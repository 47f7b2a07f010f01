import Foundation

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// A ticket with the labels a support engineer gave it: one line of a training or held-out corpus.
public struct LabeledTicket: Codable, Sendable, Equatable {
    /// Subject line as the customer wrote it.
    public var subject: String
    /// Body as the customer wrote it.
    public var description: String
    /// The right type under the product rules (SPEC "Ticket types").
    public var type: TicketType
    /// The right priority.
    public var priority: Priority
    /// The language the ticket is written in.
    public var language: Language

    /// Creates a labelled ticket.
    public init(subject: String, description: String, type: TicketType, priority: Priority, language: Language) {
        self.subject = subject
        self.description = description
        self.type = type
        self.priority = priority
        self.language = language
    }
}
