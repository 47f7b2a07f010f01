import Foundation
import SupportDomain

/// Reads an envelope from its bytes through ``JSONFields``: what ``EnvelopeCodec/decode(_:)``
/// runs for every delivery. The same members and rules as the types' `Codable` conformances,
/// which Foundation's decoder and the API still use; `EnvelopeReaderTests` hold the two to the
/// same result for every topic.
enum EnvelopeReader {
    static func envelope(_ bytes: [UInt8]) throws -> Envelope {
        let document = try JSONDocument(bytes)
        return try Envelope(try JSONFields(document, at: 0, path: ""))
    }
}

extension Envelope {
    init(_ o: JSONFields) throws(JSONFieldError) {
        let schemaVersion = try o.integer("schemaVersion")
        guard schemaVersion == Envelope.currentSchemaVersion else {
            throw JSONFieldError(path: "schemaVersion", reason: "unsupported schema version \(schemaVersion)")
        }
        let payload = try o.object("payload")
        let event: Event =
            switch try o.value("topic", as: Topic.self) {
            case .ticketReceived: .ticketReceived(try TicketReceived(payload))
            case .ticketRejected: .ticketRejected(try TicketRejected(payload))
            case .ticketClassified: .ticketClassified(try TicketClassified(payload))
            case .ticketUpdated: .ticketUpdated(try TicketUpdated(payload))
            case .slaStarted: .slaStarted(try SLAStarted(payload))
            case .slaWarning: .slaWarning(try SLAClockEvent(payload))
            case .slaBreached: .slaBreached(try SLAClockEvent(payload))
            case .slaMet: .slaMet(try SLAClockEvent(payload))
            case .slaPaused: .slaPaused(try SLAClockEvent(payload))
            case .slaResumed: .slaResumed(try SLAClockEvent(payload))
            case .notificationSent: .notificationSent(try NotificationDelivered(payload))
            case .notificationFailed: .notificationFailed(try NotificationDelivered(payload))
            }
        self.init(
            id: try o.string("id"), event: event, producer: try o.string("producer"), sequence: try o.integer("sequence", as: UInt64.self),
            occurredAt: try o.date("occurredAt"), schemaVersion: schemaVersion, traceParent: try o.optionalString("traceParent"))
    }
}

extension TicketSummary {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            id: try o.string("id"), number: try o.integer("number"), account: try o.string("account"), planGroup: try o.value("planGroup"),
            requester: try o.string("requester"), requesterName: try o.string("requesterName"),
            requesterEmail: try o.string("requesterEmail"), requesterPhone: try o.optionalString("requesterPhone"),
            requesterLanguage: try o.value("requesterLanguage"), requesterTimeZone: try o.optionalString("requesterTimeZone"),
            channel: try o.value("channel"), subject: try o.string("subject"), type: try o.optionalValue("type"),
            priority: try o.optionalValue("priority"), createdAt: try o.date("createdAt"))
    }
}

extension TicketReceived {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            ticket: try TicketSummary(try o.object("ticket")), requestedType: try o.optionalValue("requestedType"),
            description: try o.string("description"))
    }
}

extension TicketRejected {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            account: try o.string("account"), requester: try o.string("requester"), requesterEmail: try o.optionalString("requesterEmail"),
            requesterPhone: try o.optionalString("requesterPhone"), channel: try o.value("channel"), reason: try o.value("reason"),
            language: try o.value("language"), message: try o.string("message"), subject: try o.string("subject"))
    }
}

extension TicketClassified {
    init(_ o: JSONFields) throws(JSONFieldError) {
        let c = try o.object("classification")
        self.init(
            ticket: try TicketSummary(try o.object("ticket")), requestedType: try o.optionalValue("requestedType"),
            classification: TicketClassification(
                type: try c.value("type"), typeConfidence: try c.double("typeConfidence"), priority: try c.value("priority"),
                priorityConfidence: try c.double("priorityConfidence"), language: try c.value("language"),
                languageConfidence: try c.double("languageConfidence")),
            typeMismatch: try o.bool("typeMismatch"), model: try o.string("model"))
    }
}

extension TicketUpdated {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            ticket: try TicketSummary(try o.object("ticket")), change: try o.value("change"), status: try o.value("status"),
            previousStatus: try o.value("previousStatus"), author: try o.optionalValue("author"), isPublic: try o.bool("isPublic"),
            body: try o.optionalString("body"), at: try o.date("at"))
    }
}

extension ClockState {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            kind: try o.value("kind"), calendar: try o.string("calendar"), targetSeconds: try o.integer("targetSeconds", as: Int64.self),
            consumedSeconds: try o.integer("consumedSeconds", as: Int64.self), runningSince: try o.optionalDate("runningSince"),
            dueAt: try o.optionalDate("dueAt"), state: try o.value("state"), breached: try o.bool("breached"))
    }
}

extension SLAStarted {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(ticket: try TicketSummary(try o.object("ticket")), clocks: try o.objects("clocks") { (c) throws(JSONFieldError) in try ClockState(c) })
    }
}

extension SLAClockEvent {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            ticket: try TicketSummary(try o.object("ticket")), clock: try ClockState(try o.object("clock")),
            fraction: try o.optionalDouble("fraction"), escalateTo: try o.strings("escalateTo"))
    }
}

extension NotificationDelivered {
    init(_ o: JSONFields) throws(JSONFieldError) {
        self.init(
            ticketID: try o.optionalString("ticketID"), deliveryID: try o.string("deliveryID"), template: try o.string("template"),
            channel: try o.string("channel"), recipient: try o.string("recipient"), language: try o.value("language"),
            attempts: try o.integer("attempts"), error: try o.optionalString("error"))
    }
}
