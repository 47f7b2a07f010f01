import Foundation
import SupportDomain
import Testing

@testable import SupportBus

/// The decoder is held to Foundation's `JSONDecoder`: the same values from the same text, and
/// a refusal wherever Foundation refuses.
@Suite struct JSONByteDecoderTests {
    static func envelope(_ event: Event) -> Envelope {
        Envelope(
            id: EventID.make(now: Date()), event: event, producer: "test-1", sequence: 42,
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000.5), traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    }

    @Test("every event kind reads back equal, from our encoder's bytes and from Foundation's pretty, sorted output", arguments: Fixtures.events)
    func envelopes(event: Event) throws {
        let envelope = Self.envelope(event)
        #expect(try JSONByteDecoder().decode(Envelope.self, from: StreamingJSONEncoder().encode(envelope)) == envelope)
        let pretty = try EnvelopeCodec.makeEncoder(pretty: true).encode(envelope)
        #expect(try JSONByteDecoder().decode(Envelope.self, from: Array(pretty)) == envelope)
    }

    @Test("nested containers, enums with payloads, dictionaries, every number type, dates as seconds, base64 and escapes")
    func shapes() throws {
        let shape = StreamingJSONEncoderTests.Shape(
            kinds: [.circle(radius: 2.5), .polygon(points: [[0, 0], [1, 2]], label: nil), .empty, .polygon(points: [], label: "x")],
            names: ["a": "1", "b/c": "2"], nothing: nil, empty: .init(), small: -8, unsigned: 65_535, big: UInt64.max,
            negative: Int64.min, fraction: 0.1, tiny: 1e-9, at: Date(timeIntervalSince1970: 1_795_675_213.776),
            blob: Data([0, 1, 254, 255]), nested: [["k": [1, 2]], [:]],
            text: "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{0} é 日本 🎉 </script>")
        let bytes = try StreamingJSONEncoder(dates: .secondsSince1970).encode(shape)
        #expect(try JSONByteDecoder(dates: .secondsSince1970).decode(StreamingJSONEncoderTests.Shape.self, from: bytes) == shape)
        let foundation = JSONEncoder()
        foundation.dateEncodingStrategy = .secondsSince1970
        foundation.outputFormatting = [.prettyPrinted, .sortedKeys]
        let other = Array(try foundation.encode(shape))
        #expect(try JSONByteDecoder(dates: .secondsSince1970).decode(StreamingJSONEncoderTests.Shape.self, from: other) == shape)
    }

    @Test(
        "every string of the Big List of Naughty Strings reads back exactly, escaped either way",
        .enabled(if: StreamingJSONEncoderTests.blns != nil, "../shared/hostile-strings/blns.json is not present on this machine"))
    func naughtyStrings() throws {
        let strings = try #require(StreamingJSONEncoderTests.blns)
        #expect(try JSONByteDecoder().decode([String].self, from: StreamingJSONEncoder().encode(strings)) == strings)
        // Foundation escapes `/`; `ensure_ascii` writes everything else as \u escapes, with
        // surrogate pairs past the BMP.
        #expect(try JSONByteDecoder().decode([String].self, from: Array(JSONEncoder().encode(strings))) == strings)
        let ascii = try Self.python("import json,sys; sys.stdout.write(json.dumps(json.load(sys.stdin), ensure_ascii=True))", Array(JSONEncoder().encode(strings)))
        #expect(ascii.allSatisfy { $0 < 0x80 })
        #expect(try JSONByteDecoder().decode([String].self, from: ascii) == strings)
    }

    @Test(
        "text that is not JSON is refused with the byte offset",
        arguments: [
            "", " ", "{", "}", "[,1]", "{\"a\" 1}", "{a:1}", "{\"a\":1 \"b\":2}", "[1 2]", "01", "-", "1.",
            ".5", "1e", "1e+", "+1", "NaN", "Infinity", "tru", "nul", "[true false]", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"tab\there\"", "\"unterminated", "[1]]", "{} {}", "'a'",
            "[\"\u{7F}\"]x",
        ])
    func refusesSyntax(text: String) throws {
        #expect(throws: (any Error).self, "Foundation refuses it too") { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
        let error = try #require(throws: DecodingError.self) { try JSONByteDecoder().decode(JSONValue.self, from: Array(text.utf8)) }
        guard case .dataCorrupted(let context) = error else { Issue.record("\(error)"); return }
        #expect(context.debugDescription.contains("at byte"))
    }

    /// Stricter than Foundation, which takes a trailing comma (a JSON5 liberty).
    @Test("a trailing comma is refused", arguments: ["[1,]", "{\"a\":1,}"])
    func refusesTrailingComma(text: String) {
        #expect(throws: DecodingError.self) { try JSONByteDecoder().decode(JSONValue.self, from: Array(text.utf8)) }
    }

    @Test("bytes that are not UTF-8 are refused inside strings", arguments: [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]])
    func refusesBadUTF8(sequence: [UInt8]) {
        let bytes = Array("[\"a".utf8) + sequence + Array("b\"]".utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([String].self, from: Data(bytes)) }
        #expect(throws: DecodingError.self) { try JSONByteDecoder().decode([String].self, from: bytes) }
    }

    @Test("nesting deeper than 512 is refused without exhausting the stack")
    func deepNesting() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(throws: DecodingError.self) { try JSONByteDecoder().decode(JSONValue.self, from: deep) }
        let fine = Array(repeating: UInt8(ascii: "["), count: 500) + Array(repeating: UInt8(ascii: "]"), count: 500)
        #expect(throws: Never.self) { try JSONByteDecoder().decode(JSONValue.self, from: fine) }
    }

    @Test("missing keys, wrong types, nulls and numbers that do not fit fail with their coding path")
    func typedErrors() throws {
        struct Inner: Decodable { var n: Int }
        struct Outer: Decodable { var items: [Inner] }
        let cases: [(String, String)] = [
            ("{\"items\":[{\"n\":1},{}]}", "keyNotFound items.1"),
            ("{\"items\":[{\"n\":1},{\"n\":\"2\"}]}", "typeMismatch items.1.n"),
            ("{\"items\":[{\"n\":null}]}", "valueNotFound items.0.n"),
            ("{\"items\":{}}", "typeMismatch items"),
            ("{\"items\":[{\"n\":1.5}]}", "dataCorrupted items.0.n"),
            ("{\"items\":[{\"n\":99999999999999999999}]}", "dataCorrupted items.0.n"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: DecodingError.self) { try JSONByteDecoder().decode(Outer.self, from: Array(text.utf8)) }
            #expect(error.map(Self.summary) == expected, "\(text)")
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Outer.self, from: Data(text.utf8)) }
        }
    }

    @Test("integers at their limits, exponents, and doubles read back exactly")
    func numbers() throws {
        #expect(try JSONByteDecoder().decode([Int64].self, from: Array("[-9223372036854775808,9223372036854775807,0,-0]".utf8)) == [.min, .max, 0, 0])
        #expect(try JSONByteDecoder().decode([UInt64].self, from: Array("[18446744073709551615]".utf8)) == [.max])
        #expect(try JSONByteDecoder().decode([Int].self, from: Array("[1e2,1.0,-2E0]".utf8)) == [100, 1, -2])
        #expect(throws: DecodingError.self) { try JSONByteDecoder().decode([UInt8].self, from: Array("[256]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONByteDecoder().decode([UInt].self, from: Array("[-1]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONByteDecoder().decode([Double].self, from: Array("[1e400]".utf8)) }
        // Spread over every exponent and sign by a golden-ratio step through the bit patterns.
        let doubles = (1...2000).map { Double(bitPattern: (UInt64($0) &* 0x9E37_79B9_7F4A_7C15) & 0xFFEF_FFFF_FFFF_FFFF) }
        #expect(try JSONByteDecoder().decode([Double].self, from: StreamingJSONEncoder().encode(doubles)) == doubles)
    }

    @Test("a dictionary of 20,000 keys decodes in linear time; the first of duplicate keys wins")
    func bigObjects() throws {
        let big = Dictionary(uniqueKeysWithValues: (0..<20_000).map { ("key-\($0)", $0) })
        #expect(try JSONByteDecoder().decode([String: Int].self, from: StreamingJSONEncoder().encode(big)) == big)
        struct One: Decodable { var a: Int }
        #expect(try JSONByteDecoder().decode(One.self, from: Array("{\"a\":1,\"a\":2}".utf8)).a == 1)
    }

    @Test(
        "keys are found as Foundation finds them: spelled with escapes, empty, among longer and shorter ones, the first of two",
        arguments: [
            #"{"\u0061":1}"#, #"{"b":0,"\u0061":1,"a":2}"#, #"{"aa":0,"":3,"a":1}"#, #"{"A":0,"a\u0000":0,"a":1}"#,
            #"{"ab":0,"b":9,"a":1,"":2,"a":3}"#, #"{"\"":4,"a":1}"#,
        ])
    func keys(text: String) throws {
        struct Keys: Decodable, Equatable {
            var a: Int
            var empty: Int?
            enum CodingKeys: String, CodingKey {
                case a
                case empty = ""
            }
        }
        let bytes = Array(text.utf8)
        #expect(try JSONByteDecoder().decode(Keys.self, from: bytes) == JSONDecoder().decode(Keys.self, from: Data(bytes)))
    }

    /// Differential: every truncation, and at every byte a replacement, a deletion and an
    /// insertion, of real envelopes. What this decoder accepts, Foundation accepts with an equal
    /// value; what Foundation refuses, this one refuses. It refuses more: Foundation leaves
    /// strings the type never reads unchecked (control characters, bad UTF-8) and takes
    /// trailing commas; this decoder checks the whole text, so those are syntax errors.
    @Test("truncated and mutated envelopes: never more lenient than Foundation, and equal values", arguments: Fixtures.events)
    func mutations(event: Event) throws {
        let bytes = try EnvelopeCodec.encode(Self.envelope(event))
        let foundation = EnvelopeCodec.makeFoundationDecoder()
        let variants = Fixtures.mutations(of: bytes)
        var accepted = 0
        var stricter = 0
        for variant in variants {
            let ours = Result { try JSONByteDecoder().decode(Envelope.self, from: variant) }
            let theirs = Result { try foundation.decode(Envelope.self, from: Data(variant)) }
            switch (ours, theirs) {
            case (.success(let a), .success(let b)):
                accepted += 1
                #expect(a == b, "\(String(decoding: variant, as: UTF8.self))")
            case (.failure, .failure): break
            case (.failure(DecodingError.dataCorrupted(let context)), .success) where context.debugDescription.contains("not valid JSON at byte"):
                stricter += 1
            default:
                Issue.record("verdicts differ (ours \(ours), Foundation's \(theirs)) on \(String(decoding: variant, as: UTF8.self))")
            }
        }
        #expect(accepted > 10, "some changes (inside strings) still decode")
        #expect(stricter < accepted, "refusing more is the exception: \(stricter) of \(variants.count)")
    }

    static func summary(_ error: DecodingError) -> String {
        let (name, context): (String, DecodingError.Context) =
            switch error {
            case .keyNotFound(_, let c): ("keyNotFound", c)
            case .typeMismatch(_, let c): ("typeMismatch", c)
            case .valueNotFound(_, let c): ("valueNotFound", c)
            case .dataCorrupted(let c): ("dataCorrupted", c)
            @unknown default: ("unknown", DecodingError.Context(codingPath: [], debugDescription: ""))
            }
        return name + " " + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static func python(_ script: String, _ input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(output)
    }
}

/// Any JSON value, for the syntax tests.
indirect enum JSONValue: Decodable, Equatable {
    case object([String: JSONValue]), array([JSONValue]), string(String), number(Double), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try single.decode([String: JSONValue].self))
        }
    }
}
