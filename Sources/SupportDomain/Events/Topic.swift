/// Every event topic, declared once. Dotted and lower-case (`<entity>.<past tense>`), so a SUB
/// prefix such as `sla.` selects a family.
public enum Topic: String, Codable, Sendable, CaseIterable {
    case ticketReceived = "ticket.received"
    case ticketRejected = "ticket.rejected"
    case ticketClassified = "ticket.classified"
    case ticketUpdated = "ticket.updated"
    case slaStarted = "sla.started"
    case slaWarning = "sla.warning"
    case slaBreached = "sla.breached"
    case slaMet = "sla.met"
    case slaPaused = "sla.paused"
    case slaResumed = "sla.resumed"
    case notificationSent = "notification.sent"
    case notificationFailed = "notification.failed"

    /// The service roles that must each receive this event exactly once in effect (the
    /// hand-offs). Every event is also published on the observer stream, which may drop.
    ///
    /// This table is the topology of the suite: a producer writes one outbox row per role here.
    public var consumers: [ServiceRole] {
        switch self {
        case .ticketReceived: [.classification]
        case .ticketClassified: [.intake, .sla]
        case .ticketUpdated: [.sla, .notification]
        case .ticketRejected: [.notification]
        case .slaStarted, .slaWarning, .slaBreached: [.notification, .intake]
        case .slaMet, .slaPaused, .slaResumed: [.intake]
        case .notificationSent, .notificationFailed: []
        }
    }

    /// The one role that may publish this topic. The broker drops a stream message or a
    /// hand-off whose sender's key belongs to another role, so a compromised service cannot
    /// forge another's events.
    public var producer: ServiceRole {
        switch self {
        case .ticketReceived, .ticketRejected, .ticketUpdated: .intake
        case .ticketClassified: .classification
        case .slaStarted, .slaWarning, .slaBreached, .slaMet, .slaPaused, .slaResumed: .sla
        case .notificationSent, .notificationFailed: .notification
        }
    }

    /// UTF-8 bytes of the topic, the first frame of a stream message.
    public var bytes: [UInt8] { Array(rawValue.utf8) }
}

/// The services of the suite, as hand-off consumer groups. Any number of instances of one role
/// share its work; each event reaches one of them.
public enum ServiceRole: String, Codable, Sendable, CaseIterable {
    case intake, classification, sla, notification
}
