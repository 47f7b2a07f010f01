/// Where a customer reaches support.
///
/// `documentation` and `forum` are self-service: they never open a ticket, the answer is a
/// pointer. `chat` is the Smart Contact on Blip Chat and is entitled exactly like `whatsapp`.
public enum Channel: String, Codable, Sendable, CaseIterable {
    case documentation, forum, portal, email, whatsapp, chat, phone

    /// Whether tickets can be opened on this channel at all.
    public var opensTickets: Bool {
        switch self {
        case .documentation, .forum: false
        case .portal, .email, .whatsapp, .chat, .phone: true
        }
    }
}
