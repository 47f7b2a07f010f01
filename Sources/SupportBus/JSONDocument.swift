import Foundation
import SupportDomain

/// One JSON text, checked against RFC 8259 and indexed in a single pass: a flat list of its
/// values in document order, each with its byte range and where its subtree ends.
///
/// Why an index and not a tree: ``JSONByteDecoder`` reads keys by comparing bytes in place and
/// turns only the values a type asks for into Swift values. Foundation's decoder turns every
/// key of every object into a `String` and a dictionary entry first, which was the largest share
/// of decoding an envelope (BENCHMARKS.md).
struct JSONDocument: Sendable {
    enum Kind: UInt8, Sendable { case object, array, string, number, `true`, `false`, null }

    struct Node: Sendable {
        var kind: Kind
        /// A string with a backslash escape (read through the slow path), or a number with a
        /// fraction or exponent.
        var flagged: Bool
        /// The value's bytes: a string's without its quotes.
        var start: Int
        var end: Int
        /// Index of the node after this value's subtree.
        var next: Int
        /// Members of an object (key and value pairs) or elements of an array.
        var count: Int
    }

    /// Deeper nesting is refused, so hostile input cannot exhaust the stack.
    static let maximumDepth = 512

    let bytes: [UInt8]
    let nodes: [Node]

    /// Indexes `bytes`; throws ``JSONSyntaxError`` with the byte offset of the first problem.
    init(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        self.bytes = bytes
        var parser = Parser()
        parser.nodes.reserveCapacity(64)
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) in try parser.document(buffer) }
        nodes = parser.nodes
    }

    private struct Parser {
        var nodes: [Node] = []
        var i = 0
        var depth = 0

        mutating func document(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            space(b)
            try value(b)
            space(b)
            guard i == b.count else { throw JSONSyntaxError(offset: i, reason: "unexpected text after the value") }
        }

        mutating func space(_ b: UnsafeBufferPointer<UInt8>) {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func value(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            guard i < b.count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input") }
            switch b[i] {
            case UInt8(ascii: "{"): try container(b, .object, close: UInt8(ascii: "}"))
            case UInt8(ascii: "["): try container(b, .array, close: UInt8(ascii: "]"))
            case UInt8(ascii: "\""): try string(b)
            case UInt8(ascii: "t"): try literal(b, "true", .true)
            case UInt8(ascii: "f"): try literal(b, "false", .false)
            case UInt8(ascii: "n"): try literal(b, "null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(b)
            default: throw JSONSyntaxError(offset: i, reason: "unexpected character")
            }
        }

        mutating func container(_ b: UnsafeBufferPointer<UInt8>, _ kind: Kind, close: UInt8) throws(JSONSyntaxError) {
            depth += 1
            guard depth <= JSONDocument.maximumDepth else { throw JSONSyntaxError(offset: i, reason: "nested too deeply") }
            let index = nodes.count
            nodes.append(Node(kind: kind, flagged: false, start: i, end: i, next: 0, count: 0))
            i += 1
            space(b)
            var count = 0
            if i < b.count, b[i] == close {
                i += 1
            } else {
                while true {
                    if kind == .object {
                        guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: i, reason: "expected a key") }
                        try string(b)
                        space(b)
                        guard i < b.count, b[i] == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: i, reason: "expected ':'") }
                        i += 1
                        space(b)
                    }
                    try value(b)
                    count += 1
                    space(b)
                    guard i < b.count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input") }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        space(b)
                    } else if b[i] == close {
                        i += 1
                        break
                    } else {
                        throw JSONSyntaxError(offset: i, reason: "expected ',' or '\(Character(Unicode.Scalar(close)))'")
                    }
                }
            }
            nodes[index].end = i
            nodes[index].next = nodes.count
            nodes[index].count = count
            depth -= 1
        }

        mutating func literal(_ b: UnsafeBufferPointer<UInt8>, _ text: StaticString, _ kind: Kind) throws(JSONSyntaxError) {
            let length = text.utf8CodeUnitCount
            guard i + length <= b.count, memcmp(b.baseAddress! + i, text.utf8Start, length) == 0 else {
                throw JSONSyntaxError(offset: i, reason: "unexpected character")
            }
            nodes.append(Node(kind: kind, flagged: false, start: i, end: i + length, next: nodes.count + 1, count: 0))
            i += length
        }

        mutating func number(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            let start = i
            var fractional = false
            func digits(_ i: inout Int) -> Int {
                let from = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                return i - from
            }
            if b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { throw JSONSyntaxError(offset: i, reason: "expected a digit") }
            if b[i] == 0x30 { i += 1 } else { _ = digits(&i) }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                fractional = true
                guard digits(&i) > 0 else { throw JSONSyntaxError(offset: i, reason: "expected a digit after '.'") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                fractional = true
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&i) > 0 else { throw JSONSyntaxError(offset: i, reason: "expected a digit in the exponent") }
            }
            nodes.append(Node(kind: .number, flagged: fractional, start: start, end: i, next: nodes.count + 1, count: 0))
        }

        /// A string: no raw control characters, escapes well formed (surrogates in pairs), and
        /// valid UTF-8, so reading it later cannot fail or repair anything.
        mutating func string(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            i += 1
            let start = i
            var escaped = false
            while true {
                guard i < b.count else { throw JSONSyntaxError(offset: i, reason: "unterminated string") }
                let byte = b[i]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw JSONSyntaxError(offset: i, reason: "control character in a string") }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    try escape(b)
                } else if byte < 0x80 {
                    i += 1
                } else {
                    try scalar(b)
                }
            }
            nodes.append(Node(kind: .string, flagged: escaped, start: start, end: i, next: nodes.count + 1, count: 0))
            i += 1
        }

        mutating func escape(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            guard i + 1 < b.count else { throw JSONSyntaxError(offset: i, reason: "unterminated string") }
            switch b[i + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 2
            case UInt8(ascii: "u"):
                let unit = try hex(b, at: i + 2)
                i += 6
                if (0xD800...0xDBFF).contains(unit) {
                    guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
                        (0xDC00...0xDFFF).contains(try hex(b, at: i + 2))
                    else { throw JSONSyntaxError(offset: i, reason: "unpaired UTF-16 surrogate") }
                    i += 6
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw JSONSyntaxError(offset: i - 6, reason: "unpaired UTF-16 surrogate")
                }
            default:
                throw JSONSyntaxError(offset: i, reason: "invalid escape")
            }
        }

        func hex(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError) -> UInt16 {
            guard offset + 4 <= b.count else { throw JSONSyntaxError(offset: offset, reason: "unterminated string") }
            var value: UInt16 = 0
            for k in offset..<offset + 4 {
                guard let digit = JSONDocument.hexDigit(b[k]) else { throw JSONSyntaxError(offset: k, reason: "invalid \\u escape") }
                value = value << 4 | UInt16(digit)
            }
            return value
        }

        /// One multi-byte UTF-8 sequence (no overlong forms, surrogates or values past U+10FFFF).
        mutating func scalar(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            let lead = b[i]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, high) = (3, 0x9F)
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, high) = (4, 0x8F)
            default: throw JSONSyntaxError(offset: i, reason: "invalid UTF-8")
            }
            guard i + length <= b.count, (low...high).contains(b[i + 1]) else { throw JSONSyntaxError(offset: i, reason: "invalid UTF-8") }
            for k in i + 2..<i + length where b[k] & 0xC0 != 0x80 { throw JSONSyntaxError(offset: k, reason: "invalid UTF-8") }
            i += length
        }
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}

extension JSONDocument {
    /// A string node's text, its escapes resolved.
    func string(_ index: Int) -> String {
        let node = nodes[index]
        return bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[node.start..<node.end])
            // Validated while indexing: decoding cannot repair anything.
            guard node.flagged else { return String(decoding: slice, as: UTF8.self) }
            return Self.unescape(slice)
        }
    }

    private static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        func unit(at k: Int) -> UInt32 {
            (k..<k + 4).reduce(0) { $0 << 4 | UInt32(hexDigit(b[$1])!) }
        }
        while i < b.count {
            guard b[i] == UInt8(ascii: "\\") else {
                out.append(b[i])
                i += 1
                continue
            }
            switch b[i + 1] {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = unit(at: i + 2)
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (unit(at: i + 8) - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                i += 4
            default: out.append(b[i + 1])
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A string node without escapes read as an ISO 8601 time, without making a `String`.
    func timestamp(_ index: Int) -> Date? {
        let node = nodes[index]
        guard !node.flagged else { return nil }
        return bytes.withUnsafeBufferPointer { Timestamp.parse(utf8: UnsafeBufferPointer(rebasing: $0[node.start..<node.end])) }
    }

    /// The value node of the first member of `object` whose key spells `name`, or nil.
    ///
    /// One loop over the members with the key's bytes, the text and the index each opened once:
    /// most members differ in length and cost a comparison of two integers. Opening them per
    /// member, and comparing key by key, was a tenth of decoding an envelope (`perf`).
    func member(named name: String, in object: Int) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { text in
                nodes.withUnsafeBufferPointer { nodes in
                    var member = object + 1
                    for _ in 0..<nodes[object].count {
                        let key = nodes[member]
                        if key.flagged {
                            // Escapes in the key: compare the text they stand for.
                            if string(member) == String(decoding: wanted, as: UTF8.self) { return member + 1 }
                        } else if key.end - key.start == wanted.count,
                            wanted.isEmpty || memcmp(text.baseAddress! + key.start, wanted.baseAddress!, wanted.count) == 0
                        {
                            return member + 1
                        }
                        member = nodes[member + 1].next
                    }
                    return nil
                }
            }
        }
    }

    /// A number node as `T`, if it is one exactly (`1.0` and `1e2` are integers; `1.5` is not).
    func integer<T: FixedWidthInteger>(_ index: Int, as type: T.Type) -> T? {
        let node = nodes[index]
        guard !node.flagged else { return double(index).flatMap { T(exactly: $0) } }
        return bytes.withUnsafeBufferPointer { b in
            var i = node.start
            let negative = b[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            var value: T = 0
            while i < node.end {
                let digit = T(b[i] - 0x30)
                let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                value = next
                i += 1
            }
            return value
        }
    }

    /// A number node as the nearest `Double`.
    func double(_ index: Int) -> Double? {
        let node = nodes[index]
        // Short numbers make small strings (no allocation); the standard library's parser is
        // correctly rounded and ignores the C locale.
        return bytes.withUnsafeBufferPointer { b in
            Double(String(decoding: UnsafeBufferPointer(rebasing: b[node.start..<node.end]), as: UTF8.self))
        }
    }
}

/// Where and why a text is not JSON.
struct JSONSyntaxError: Error, CustomStringConvertible {
    let offset: Int
    let reason: String
    var description: String { "not valid JSON at byte \(offset): \(reason)" }
}
