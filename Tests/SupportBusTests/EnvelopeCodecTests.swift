import Foundation
import SupportDomain
import Testing
import ZeroMQ

@testable import SupportBus

@Suite struct EnvelopeCodecTests {
    @Test("every event kind survives encode and decode unchanged", arguments: Fixtures.events)
    func roundTrip(event: Event) throws {
        let envelope = Envelope(
            id: EventID.make(now: Date()), event: event, producer: "test-1", sequence: 42,
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000.5), traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let bytes = try EnvelopeCodec.encode(envelope)
        let decoded = try EnvelopeCodec.decode(bytes)
        #expect(decoded == envelope)
        #expect(decoded.topic == event.topic)
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect(object?["topic"] as? String == event.topic.rawValue)
        #expect(object?["schemaVersion"] as? Int == 1)
    }

    @Test("garbage and wrong shapes are refused as malformed", arguments: ["", "{}", "[1]", "not json", "{\"id\":1}"])
    func garbage(text: String) {
        #expect(throws: BusError.malformed("")) { try EnvelopeCodec.decode(Array(text.utf8)) }
    }

    @Test("a payload under the wrong topic is refused")
    func wrongTopic() throws {
        let envelope = Envelope(id: "x", event: Fixtures.events[0], producer: "p", sequence: 1, occurredAt: Date())
        var text = String(decoding: try EnvelopeCodec.encode(envelope), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"ticket.received\"", with: "\"sla.started\"")
        #expect(throws: BusError.self) { try EnvelopeCodec.decode(Array(text.utf8)) }
    }
}

@Suite struct HandOffMessageTests {
    static let messages: [HandOffMessage] = [
        .ready(role: "sla", credit: 64), .heartbeat(role: "", credit: 0),
        .put(role: "classification", eventID: "e1", envelope: [1, 2, 3]),
        .deliver(producer: Array("intake-1".utf8), role: "sla", eventID: "e2", envelope: []),
        .ack(producer: [0, 1, 2], role: "notification", eventID: "e3"), .done(role: "intake", eventID: "e4"),
        .put(role: "sla", items: [HandOffItem(eventID: "e5", envelope: [5]), HandOffItem(eventID: "e6", envelope: [])]),
        .deliver(producer: [9], role: "sla", items: (0..<3).map { HandOffItem(eventID: "d\($0)", envelope: [UInt8($0)]) }),
        .ack(producer: [9], role: "sla", eventIDs: ["d0", "d1", "d2"]), .nack(producer: [9], role: "sla", eventIDs: ["d0", "d2"]),
        .done(role: "sla", eventIDs: ["e5", "e6"]),
    ]

    @Test("every verb round-trips through frames", arguments: messages)
    func roundTrip(message: HandOffMessage) {
        #expect(HandOffMessage(message.multipart) == message)
    }

    @Test("garbage frames parse to nothing")
    func garbage() {
        let bad: [[[UInt8]]] = [
            [], [Array("SDH1".utf8)], [Array("XXXX".utf8), Array("PUT".utf8)],
            [Array("SDH1".utf8), Array("PUT".utf8), Array("sla".utf8)],
            [Array("SDH1".utf8), Array("READY".utf8), Array("sla".utf8), Array("-1".utf8)],
            [Array("SDH1".utf8), [0xff, 0xfe]], [Array("SDH1".utf8), Array("DONE".utf8), [0xc3], Array("x".utf8)],
            // Several items: an id without its envelope, an empty id, an id that is not text, no id at all.
            ["SDH1", "PUT", "sla", "e1", "{}", "e2"].map { Array($0.utf8) },
            ["SDH1", "PUT", "sla", "e1", "{}", "", "{}"].map { Array($0.utf8) },
            ["SDH1", "DELIVER", "p", "sla", "e1", "{}", "e2"].map { Array($0.utf8) },
            ["SDH1", "ACK", "p", "sla", "e1"].map { Array($0.utf8) } + [[0xff]],
            ["SDH1", "ACK", "p", "sla"].map { Array($0.utf8) },
        ]
        for frames in bad { #expect(HandOffMessage(.init(frames)) == nil) }
    }
}
