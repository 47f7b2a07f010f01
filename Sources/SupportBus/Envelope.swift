import Foundation
public import SupportDomain

/// One event as it travels: identity, provenance and payload.
///
/// The same bytes go on the observer stream and through the hand-offs, and are what an outbox
/// row stores, so an event resent after a crash is byte-for-byte the one first sent.
public struct Envelope: Sendable, Hashable {
    /// Time-ordered unique id; receivers deduplicate on it.
    public var id: String
    public var event: Event
    /// The producing process ("intake-3f2a…"): a new one per process start.
    public var producer: String
    /// Per-producer sequence number, starting at 1, so an observer can see a gap.
    public var sequence: UInt64
    public var occurredAt: Date
    /// Version of the envelope and payload layout; a change gets a successor, never an edit.
    public var schemaVersion: Int
    /// W3C trace context of the request that caused the event, when there was one.
    public var traceParent: String?

    public static let currentSchemaVersion = 1

    public init(
        id: String, event: Event, producer: String, sequence: UInt64, occurredAt: Date,
        schemaVersion: Int = Envelope.currentSchemaVersion, traceParent: String? = nil
    ) {
        self.id = id
        self.event = event
        self.producer = producer
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.schemaVersion = schemaVersion
        self.traceParent = traceParent
    }

    public var topic: Topic { event.topic }
    public var ticketID: String? { event.ticketID }
}

extension Envelope: Codable {
    enum CodingKeys: String, CodingKey {
        case id, topic, ticketId, producer, sequence, occurredAt, schemaVersion, traceParent, payload
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(topic, forKey: .topic)
        try container.encodeIfPresent(ticketID, forKey: .ticketId)
        try container.encode(producer, forKey: .producer)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encodeIfPresent(traceParent, forKey: .traceParent)
        switch event {
        case .ticketReceived(let p): try container.encode(p, forKey: .payload)
        case .ticketRejected(let p): try container.encode(p, forKey: .payload)
        case .ticketClassified(let p): try container.encode(p, forKey: .payload)
        case .ticketUpdated(let p): try container.encode(p, forKey: .payload)
        case .slaStarted(let p): try container.encode(p, forKey: .payload)
        case .slaWarning(let p), .slaBreached(let p), .slaMet(let p), .slaPaused(let p), .slaResumed(let p):
            try container.encode(p, forKey: .payload)
        case .notificationSent(let p), .notificationFailed(let p): try container.encode(p, forKey: .payload)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        producer = try container.decode(String.self, forKey: .producer)
        sequence = try container.decode(UInt64.self, forKey: .sequence)
        occurredAt = try container.decode(Date.self, forKey: .occurredAt)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        traceParent = try container.decodeIfPresent(String.self, forKey: .traceParent)
        guard schemaVersion == Envelope.currentSchemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: container, debugDescription: "unsupported schema version \(schemaVersion)")
        }
        let topic = try container.decode(Topic.self, forKey: .topic)
        switch topic {
        case .ticketReceived: event = .ticketReceived(try container.decode(TicketReceived.self, forKey: .payload))
        case .ticketRejected: event = .ticketRejected(try container.decode(TicketRejected.self, forKey: .payload))
        case .ticketClassified:
            event = .ticketClassified(try container.decode(TicketClassified.self, forKey: .payload))
        case .ticketUpdated: event = .ticketUpdated(try container.decode(TicketUpdated.self, forKey: .payload))
        case .slaStarted: event = .slaStarted(try container.decode(SLAStarted.self, forKey: .payload))
        case .slaWarning: event = .slaWarning(try container.decode(SLAClockEvent.self, forKey: .payload))
        case .slaBreached: event = .slaBreached(try container.decode(SLAClockEvent.self, forKey: .payload))
        case .slaMet: event = .slaMet(try container.decode(SLAClockEvent.self, forKey: .payload))
        case .slaPaused: event = .slaPaused(try container.decode(SLAClockEvent.self, forKey: .payload))
        case .slaResumed: event = .slaResumed(try container.decode(SLAClockEvent.self, forKey: .payload))
        case .notificationSent:
            event = .notificationSent(try container.decode(NotificationDelivered.self, forKey: .payload))
        case .notificationFailed:
            event = .notificationFailed(try container.decode(NotificationDelivered.self, forKey: .payload))
        }
    }
}
