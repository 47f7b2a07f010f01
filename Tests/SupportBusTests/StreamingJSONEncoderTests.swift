import Foundation
import SupportDomain
import Testing

@testable import SupportBus

@Suite struct StreamingJSONEncoderTests {
    @Test("every event kind, written by the streaming encoder, reads back equal through Foundation", arguments: Fixtures.events)
    func envelopes(event: Event) throws {
        let envelope = Envelope(
            id: EventID.make(now: Date()), event: event, producer: "test-1", sequence: 42,
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000.5), traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let bytes = try StreamingJSONEncoder().encode(envelope)
        #expect(try EnvelopeCodec.decode(bytes) == envelope)
        let foundation = try EnvelopeCodec.makeFoundationDecoder().decode(Envelope.self, from: EnvelopeCodec.makeEncoder().encode(envelope))
        #expect(foundation == envelope)
    }

    /// Nested containers, enums with payloads (Swift's synthesized coding nests containers),
    /// optionals, every number type, dates as seconds, and text that needs escaping.
    struct Shape: Codable, Equatable {
        enum Kind: Codable, Equatable {
            case circle(radius: Double)
            case polygon(points: [[Int]], label: String?)
            case empty
        }
        struct Empty: Codable, Equatable {}
        var kinds: [Kind]
        var names: [String: String]
        var nothing: String?
        var empty: Empty
        var small: Int8
        var unsigned: UInt16
        var big: UInt64
        var negative: Int64
        var fraction: Double
        var tiny: Double
        var at: Date
        var blob: Data
        var nested: [[String: [Int]]]
        var text: String
    }

    @Test("nested containers, enums with payloads, numbers, dates and escapes read back equal")
    func shapes() throws {
        let shape = Shape(
            kinds: [.circle(radius: 2.5), .polygon(points: [[0, 0], [1, 2]], label: nil), .empty, .polygon(points: [], label: "x")],
            names: ["a": "1", "b/c": "2"], nothing: nil, empty: .init(), small: -8, unsigned: 65_535, big: UInt64.max,
            negative: Int64.min, fraction: 0.1, tiny: 1e-9, at: Date(timeIntervalSince1970: 1_795_675_213.776),
            blob: Data([0, 1, 254, 255]), nested: [["k": [1, 2]], [:]],
            text: "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{0} é 日本 🎉 </script>")
        let encoder = StreamingJSONEncoder(dates: .secondsSince1970)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let bytes = try encoder.encode(shape)
        #expect(try decoder.decode(Shape.self, from: Data(bytes)) == shape, "\(String(decoding: bytes, as: UTF8.self))")
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any], "plain JSON to any reader")
    }

    /// Rows `JSONEncoder` wrote with its default dates (seconds since 2001) read back equal,
    /// and what this encoder writes in that format `JSONDecoder` reads by default.
    @Test("dates as seconds since 2001 agree with Foundation's default both ways")
    func referenceDates() throws {
        let shape = Shape(
            kinds: [], names: [:], nothing: nil, empty: .init(), small: 0, unsigned: 0, big: 0, negative: 0, fraction: 0, tiny: 0,
            at: Date(timeIntervalSince1970: 1_795_675_213.776), blob: Data(), nested: [], text: "")
        let ours = try StreamingJSONEncoder(dates: .secondsSinceReferenceDate).encode(shape)
        #expect(try JSONDecoder().decode(Shape.self, from: Data(ours)) == shape)
        let foundations = Array(try JSONEncoder().encode(shape))
        #expect(try JSONByteDecoder(dates: .secondsSinceReferenceDate).decode(Shape.self, from: foundations) == shape)
    }

    @Test("values that are not JSON are refused, not written")
    func refuses() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(["x": Double.infinity]) }
    }

    static let blns: [String]? = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/hostile-strings/blns.json")
        guard let data = try? Data(contentsOf: file) else { return nil }
        return try? JSONDecoder().decode([String].self, from: data)
    }()

    @Test(
        "every string of the Big List of Naughty Strings reads back exactly",
        .enabled(if: blns != nil, "../shared/hostile-strings/blns.json is not present on this machine"))
    func naughtyStrings() throws {
        let strings = try #require(Self.blns)
        let bytes = try StreamingJSONEncoder().encode(strings)
        #expect(try JSONDecoder().decode([String].self, from: Data(bytes)) == strings)
        for string in strings {
            let one = try StreamingJSONEncoder().encode(["text": string])
            #expect(try JSONDecoder().decode([String: String].self, from: Data(one))["text"] == string)
        }
    }
}
