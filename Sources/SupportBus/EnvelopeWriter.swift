import Foundation
import SupportDomain

/// Writes an envelope's bytes member by member: what ``EnvelopeCodec/encode(_:)`` runs for
/// every event a service emits.
///
/// The bytes are the ones ``StreamingJSONEncoder`` writes through the types' `Encodable`
/// conformances (the same members in the same order, optionals left out when nil), without the
/// containers, coding path and generic metadata lookups that cost most of an encode
/// (BENCHMARKS.md). `EnvelopeReaderTests` hold the two to the same bytes for every topic.
enum EnvelopeWriter {
    static func bytes(_ envelope: Envelope) throws -> [UInt8] {
        let writer = JSONByteWriter(dates: .timestamp)
        var o = JSONMembers(writer)
        o.string("id", envelope.id)
        o.value("topic", envelope.topic)
        o.string("ticketId", envelope.ticketID)
        o.string("producer", envelope.producer)
        o.integer("sequence", envelope.sequence)
        o.date("occurredAt", envelope.occurredAt)
        o.integer("schemaVersion", envelope.schemaVersion)
        o.string("traceParent", envelope.traceParent)
        o.key("payload")
        switch envelope.event {
        case .ticketReceived(let p): p.write(writer)
        case .ticketRejected(let p): p.write(writer)
        case .ticketClassified(let p): try p.write(writer)
        case .ticketUpdated(let p): p.write(writer)
        case .slaStarted(let p): p.write(writer)
        case .slaWarning(let p), .slaBreached(let p), .slaMet(let p), .slaPaused(let p), .slaResumed(let p): try p.write(writer)
        case .notificationSent(let p), .notificationFailed(let p): p.write(writer)
        }
        o.close()
        return writer.bytes
    }
}

/// The members of one object being written: a comma before each but the first, a key, a value.
/// Optional values that are nil are left out, as `encodeIfPresent` does.
struct JSONMembers {
    let writer: JSONByteWriter
    private var first = true

    init(_ writer: JSONByteWriter) {
        self.writer = writer
        writer.bytes.append(UInt8(ascii: "{"))
    }

    mutating func key(_ name: StaticString) {
        if !first { writer.bytes.append(UInt8(ascii: ",")) }
        first = false
        writer.bytes.append(UInt8(ascii: "\""))
        writer.bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        writer.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        writer.string(value)
    }

    mutating func value<T: RawRepresentable>(_ name: StaticString, _ value: T?) where T.RawValue == String {
        string(name, value?.rawValue)
    }

    mutating func integer<T: BinaryInteger>(_ name: StaticString, _ value: T) {
        key(name)
        writer.literal(String(value))
    }

    mutating func double(_ name: StaticString, _ value: Double?) throws {
        guard let value else { return }
        key(name)
        try writer.double(value)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        writer.literal(value ? "true" : "false")
    }

    mutating func date(_ name: StaticString, _ value: Date?) {
        string(name, value.map(Timestamp.format))
    }

    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        writer.bytes.append(UInt8(ascii: "["))
        for (n, value) in values.enumerated() {
            if n > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            writer.string(value)
        }
        writer.bytes.append(UInt8(ascii: "]"))
    }

    func close() { writer.bytes.append(UInt8(ascii: "}")) }
}

extension TicketSummary {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.string("id", id)
        o.integer("number", number)
        o.string("account", account)
        o.value("planGroup", planGroup)
        o.string("requester", requester)
        o.string("requesterName", requesterName)
        o.string("requesterEmail", requesterEmail)
        o.string("requesterPhone", requesterPhone)
        o.value("requesterLanguage", requesterLanguage)
        o.string("requesterTimeZone", requesterTimeZone)
        o.value("channel", channel)
        o.string("subject", subject)
        o.value("type", type)
        o.value("priority", priority)
        o.date("createdAt", createdAt)
        o.close()
    }
}

extension TicketReceived {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.key("ticket")
        ticket.write(writer)
        o.value("requestedType", requestedType)
        o.string("description", description)
        o.close()
    }
}

extension TicketRejected {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.string("account", account)
        o.string("requester", requester)
        o.string("requesterEmail", requesterEmail)
        o.string("requesterPhone", requesterPhone)
        o.value("channel", channel)
        o.value("reason", reason)
        o.value("language", language)
        o.string("message", message)
        o.string("subject", subject)
        o.close()
    }
}

extension TicketClassified {
    func write(_ writer: JSONByteWriter) throws {
        var o = JSONMembers(writer)
        o.key("ticket")
        ticket.write(writer)
        o.value("requestedType", requestedType)
        o.key("classification")
        var c = JSONMembers(writer)
        c.value("type", classification.type)
        try c.double("typeConfidence", classification.typeConfidence)
        c.value("priority", classification.priority)
        try c.double("priorityConfidence", classification.priorityConfidence)
        c.value("language", classification.language)
        try c.double("languageConfidence", classification.languageConfidence)
        c.close()
        o.bool("typeMismatch", typeMismatch)
        o.string("model", model)
        o.close()
    }
}

extension TicketUpdated {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.key("ticket")
        ticket.write(writer)
        o.value("change", change)
        o.value("status", status)
        o.value("previousStatus", previousStatus)
        o.value("author", author)
        o.bool("isPublic", isPublic)
        o.string("body", body)
        o.date("at", at)
        o.close()
    }
}

extension ClockState {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.value("kind", kind)
        o.string("calendar", calendar)
        o.integer("targetSeconds", targetSeconds)
        o.integer("consumedSeconds", consumedSeconds)
        o.date("runningSince", runningSince)
        o.date("dueAt", dueAt)
        o.value("state", state)
        o.bool("breached", breached)
        o.close()
    }
}

extension SLAStarted {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.key("ticket")
        ticket.write(writer)
        o.key("clocks")
        writer.bytes.append(UInt8(ascii: "["))
        for (n, clock) in clocks.enumerated() {
            if n > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            clock.write(writer)
        }
        writer.bytes.append(UInt8(ascii: "]"))
        o.close()
    }
}

extension SLAClockEvent {
    func write(_ writer: JSONByteWriter) throws {
        var o = JSONMembers(writer)
        o.key("ticket")
        ticket.write(writer)
        o.key("clock")
        clock.write(writer)
        try o.double("fraction", fraction)
        o.strings("escalateTo", escalateTo)
        o.close()
    }
}

extension NotificationDelivered {
    func write(_ writer: JSONByteWriter) {
        var o = JSONMembers(writer)
        o.string("ticketID", ticketID)
        o.string("deliveryID", deliveryID)
        o.string("template", template)
        o.string("channel", channel)
        o.string("recipient", recipient)
        o.value("language", language)
        o.integer("attempts", attempts)
        o.string("error", error)
        o.close()
    }
}
