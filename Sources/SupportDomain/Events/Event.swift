/// Every event the suite produces, with its payload. The topic follows from the case, so a
/// payload can never travel under the wrong topic.
public enum Event: Sendable, Hashable {
    case ticketReceived(TicketReceived)
    case ticketRejected(TicketRejected)
    case ticketClassified(TicketClassified)
    case ticketUpdated(TicketUpdated)
    case slaStarted(SLAStarted)
    case slaWarning(SLAClockEvent)
    case slaBreached(SLAClockEvent)
    case slaMet(SLAClockEvent)
    case slaPaused(SLAClockEvent)
    case slaResumed(SLAClockEvent)
    case notificationSent(NotificationDelivered)
    case notificationFailed(NotificationDelivered)

    public var topic: Topic {
        switch self {
        case .ticketReceived: .ticketReceived
        case .ticketRejected: .ticketRejected
        case .ticketClassified: .ticketClassified
        case .ticketUpdated: .ticketUpdated
        case .slaStarted: .slaStarted
        case .slaWarning: .slaWarning
        case .slaBreached: .slaBreached
        case .slaMet: .slaMet
        case .slaPaused: .slaPaused
        case .slaResumed: .slaResumed
        case .notificationSent: .notificationSent
        case .notificationFailed: .notificationFailed
        }
    }

    /// The ticket the event is about, when there is one (a refusal has none).
    public var ticketID: String? {
        switch self {
        case .ticketReceived(let p): p.ticket.id
        case .ticketRejected: nil
        case .ticketClassified(let p): p.ticket.id
        case .ticketUpdated(let p): p.ticket.id
        case .slaStarted(let p): p.ticket.id
        case .slaWarning(let p), .slaBreached(let p), .slaMet(let p), .slaPaused(let p), .slaResumed(let p): p.ticket.id
        case .notificationSent(let p), .notificationFailed(let p): p.ticketID
        }
    }
}
