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
}
