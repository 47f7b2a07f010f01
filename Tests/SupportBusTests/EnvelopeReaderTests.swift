import Foundation
import SupportDomain
import Testing

@testable import SupportBus

/// ``EnvelopeWriter`` and ``EnvelopeReader`` against the types' `Codable` conformances (through
/// ``StreamingJSONEncoder`` and ``JSONByteDecoder``, which are held to Foundation's coders):
/// the same bytes out, and the same values or the same refusal in.
@Suite struct EnvelopeReaderTests {
    /// Every kind of event (``Fixtures/events``), and each optional member the other way round:
    /// present where the fixtures leave it out and out where they have it; text with escapes.
    static let events: [Event] = {
        var other = Fixtures.summary
        other.requesterPhone = "+55 11 5555-0100"
        other.requesterTimeZone = nil
        other.type = nil
        other.priority = nil
        other.subject = "tab\there, \"quoted\", back\\slash, bell \u{07}, nul \u{0}, é, 𝄞"
        var running = Fixtures.clock
        running.runningSince = nil
        running.dueAt = nil
        running.state = .paused
        running.breached = true
        running.consumedSeconds = -1
        running.targetSeconds = Int64.max
        return Fixtures.events + [
            .ticketReceived(TicketReceived(ticket: other, requestedType: nil, description: "")),
            .ticketRejected(
                TicketRejected(
                    account: "a", requester: "r", requesterEmail: "r@x.example", requesterPhone: "+1", channel: .whatsapp,
                    reason: .requesterOutOfScope, language: .en, message: "line\r\nbreak", subject: "")),
            .ticketClassified(
                TicketClassified(
                    ticket: other, requestedType: .task,
                    classification: TicketClassification(
                        type: .task, typeConfidence: 1, priority: .low, priorityConfidence: 1e-7, language: .es, languageConfidence: 0.123456789),
                    typeMismatch: true, model: "m2")),
            .ticketUpdated(
                TicketUpdated(
                    ticket: other, change: .status, status: .resolved, previousStatus: .pending, author: nil, isPublic: false, body: nil,
                    at: Date(timeIntervalSince1970: 0))),
            .slaStarted(SLAStarted(ticket: other, clocks: [])),
            .slaStarted(SLAStarted(ticket: other, clocks: [Fixtures.clock, running])),
            .slaWarning(SLAClockEvent(ticket: other, clock: running, fraction: 0.9, escalateTo: ["a", "b\"c"])),
            .notificationSent(
                NotificationDelivered(
                    ticketID: nil, deliveryID: "", template: "t", channel: "sms", recipient: "+1", language: .es, attempts: 0, error: nil)),
        ]
    }()

    static func envelope(_ event: Event, traceParent: String? = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") -> Envelope {
        Envelope(
            id: "01a21576-b5be-764f-8d51-65474b2466a9", event: event, producer: "test-1", sequence: UInt64.max,
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000.5), traceParent: traceParent)
    }

    @Test("the writer's bytes are the Encodable conformances' bytes", arguments: events)
    func sameBytes(event: Event) throws {
        for envelope in [Self.envelope(event), Self.envelope(event, traceParent: nil)] {
            let ours = try EnvelopeWriter.bytes(envelope)
            #expect(ours == (try StreamingJSONEncoder(dates: .timestamp).encode(envelope)), "\(String(decoding: ours, as: UTF8.self))")
            #expect(try EnvelopeReader.envelope(ours) == envelope)
        }
    }

    @Test("the reader takes what Foundation writes: sorted keys, pretty, escaped slashes")
    func foundationText() throws {
        for event in Self.events {
            let envelope = Self.envelope(event)
            let encoder = EnvelopeCodec.makeEncoder(pretty: true)
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            #expect(try EnvelopeReader.envelope(Array(encoder.encode(envelope))) == envelope)
        }
    }

    /// Differential, as `JSONByteDecoderTests.mutations`: every truncation, and at every byte a
    /// replacement, a deletion and an insertion. The reader accepts exactly what the decoder
    /// accepts, with equal values.
    @Test("truncated and mutated envelopes: the same verdicts and values as the Decodable path", arguments: Fixtures.events)
    func mutations(event: Event) throws {
        let bytes = try EnvelopeWriter.bytes(Self.envelope(event))
        let variants = Fixtures.mutations(of: bytes)
        var accepted = 0
        for variant in variants {
            let ours = Result { try EnvelopeReader.envelope(variant) }
            let theirs = Result { try JSONByteDecoder(dates: .timestamp).decode(Envelope.self, from: variant) }
            switch (ours, theirs) {
            case (.success(let a), .success(let b)):
                accepted += 1
                #expect(a == b, "\(String(decoding: variant, as: UTF8.self))")
            case (.failure, .failure): break
            default: Issue.record("verdicts differ (reader \(ours), decoder \(theirs)) on \(String(decoding: variant, as: UTF8.self))")
            }
        }
        #expect(accepted > 10, "some changes (inside strings) still decode")
    }

    @Test("optional members written as null read as missing, as Decodable reads them")
    func nulls() throws {
        let text = String(decoding: try EnvelopeWriter.bytes(Self.envelope(Fixtures.events[3])), as: UTF8.self)
        for member in ["traceParent", "body", "author", "requesterTimeZone", "type", "priority"] {
            let nulled = text.replacingOccurrences(of: "\"\(member)\":\"[^\"]*\"", with: "\"\(member)\":null", options: .regularExpression)
            #expect(nulled != text, "\(member)")
            let read = try EnvelopeReader.envelope(Array(nulled.utf8))
            #expect(read == (try JSONByteDecoder(dates: .timestamp).decode(Envelope.self, from: Array(nulled.utf8))), "\(member)")
            #expect(read != Self.envelope(Fixtures.events[3]), "\(member)")
        }
    }

    @Test("a refusal names the member and what is wrong with it")
    func errors() throws {
        let text = String(decoding: try EnvelopeWriter.bytes(Self.envelope(Fixtures.events[3])), as: UTF8.self)
        let cases = [
            ("\"number\":7", "\"number\":\"7\"", "payload.ticket.number: expected a number"),
            ("\"status\":\"pending\"", "\"status\":\"lost\"", "payload.status: unknown value \"lost\""),
            ("\"isPublic\":true", "\"isPublic\":null", "payload.isPublic: null"),
            ("\"schemaVersion\":1", "\"schemaVersion\":2", "schemaVersion: unsupported schema version 2"),
            ("\"producer\":", "\"producer2\":", "producer: missing"),
        ]
        for (from, to, message) in cases {
            #expect(text.contains(from))
            do {
                _ = try EnvelopeCodec.decode(Array(text.replacingOccurrences(of: from, with: to).utf8))
                Issue.record("\(to) was accepted")
            } catch let error as BusError {
                #expect(error == BusError.malformed(""))
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }
}
