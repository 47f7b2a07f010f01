import Foundation
import SupportDomain

/// One message to one person, rendered and ready for a channel.
public struct Message: Codable, Sendable, Hashable {
    /// Deterministic from what the message is about and who reads it, so a redelivered event
    /// produces the same id and the person sees it once.
    public var deliveryID: String
    public var ticketID: String?
    public var template: String
    public var channel: String
    public var recipient: String
    public var language: Language
    public var subject: String
    public var body: String
    /// Not to be sent before this instant (an agent's next working hour); nil: at once.
    public var notBefore: Date?
    /// W3C trace context of the event the message answers, carried to `notification.sent`
    /// and the delivery logs so one request can be followed to the message it caused.
    public var traceParent: String?

    public init(
        deliveryID: String, ticketID: String?, template: String, channel: String, recipient: String, language: Language,
        subject: String, body: String, notBefore: Date? = nil
    ) {
        self.deliveryID = deliveryID
        self.ticketID = ticketID
        self.template = template
        self.channel = channel
        self.recipient = recipient
        self.language = language
        self.subject = subject
        self.body = body
        self.notBefore = notBefore
    }
}
