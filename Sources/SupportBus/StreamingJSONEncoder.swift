import Foundation
import SupportDomain

/// A JSON encoder that writes bytes as `encode(to:)` runs, with no intermediate tree.
///
/// Why not Foundation's `JSONEncoder`: on Linux it builds a tree of boxed values, then
/// serializes it, and on the hot paths (every event a service emits, every stored row) that
/// was the largest single cost in `perf` (BENCHMARKS.md). This writer produces the same JSON
/// that `JSONDecoder` reads back to equal values; keys come in the order the type encodes them,
/// not sorted, and `/` is not escaped.
///
/// Dates follow `dates`: ISO 8601 text to the millisecond (the bus format), seconds since
/// 1970 (stores that only this project reads), or seconds since 2001 (what `JSONEncoder` writes
/// by default, so rows it wrote before read back the same).
public struct StreamingJSONEncoder: Sendable {
    public enum DateFormat: Sendable { case timestamp, secondsSince1970, secondsSinceReferenceDate }
    public var dates: DateFormat

    public init(dates: DateFormat = .timestamp) { self.dates = dates }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = JSONByteWriter(dates: dates)
        try writer.value(value)
        writer.closeAll()
        return writer.bytes
    }
}

/// The writer behind ``StreamingJSONEncoder``. Containers have no "end" call in `Encoder`, so
/// each open container is on a stack and is closed when its owner's `encode(to:)` returns, or
/// when an enclosing container writes its next element (how a nested container ends).
final class JSONByteWriter: Encoder {
    // Unchecked: the writer is used by one encode call on one thread, and the runtime's
    // exclusivity bookkeeping on every append cost more than the appends (perf).
    @exclusivity(unchecked) var bytes: [UInt8] = []
    let dates: StreamingJSONEncoder.DateFormat
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Open containers, innermost last: the closing byte and whether an element was written.
    @exclusivity(unchecked) private var open: [(close: UInt8, count: Int)] = []
    /// How many containers were open when the value being encoded started.
    private var valueDepth = 0
    /// Whether the value being encoded has written anything yet (an empty value is `{}`).
    private var valueWrote = false

    init(dates: StreamingJSONEncoder.DateFormat) {
        self.dates = dates
        bytes.reserveCapacity(512)
    }

    // MARK: values

    /// Encodes one value in place: primitives directly, anything else through `encode(to:)`.
    func value<T: Encodable>(_ value: T) throws {
        // Metatype comparisons, not `as?` casts: a failed dynamic cast costs more than
        // writing a small value, and most values are structs that would fail every one.
        // Each `unsafeBitCast` is to the type just compared equal.
        let type = T.self
        if type == String.self {
            string(unsafeBitCast(value, to: String.self))
        } else if type == Date.self {
            try date(unsafeBitCast(value, to: Date.self))
        } else if type == Int.self {
            literal(String(unsafeBitCast(value, to: Int.self)))
        } else if type == Bool.self {
            literal(unsafeBitCast(value, to: Bool.self) ? "true" : "false")
        } else if type == Double.self {
            try double(unsafeBitCast(value, to: Double.self))
        } else if let text = Self.integerText(value) {
            literal(text)
        } else if type == Float.self {
            try double(Double(value as! Float))
        } else if type == Data.self {
            string((value as! Data).base64EncodedString())
        } else if type == URL.self {
            string((value as! URL).absoluteString)
        } else {
            let savedDepth = valueDepth
            let savedWrote = valueWrote
            valueDepth = open.count
            valueWrote = false
            try value.encode(to: self)
            close(downTo: valueDepth)
            if !valueWrote { bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
            valueDepth = savedDepth
            valueWrote = savedWrote
        }
    }

    /// The other integer types (each would otherwise come back here through a single-value
    /// container forever). Metatype equality, not `is` casts: every struct and enum value
    /// passes through here, and nine dynamic casts each showed in `perf`.
    static func integerText<T>(_ value: T) -> String? {
        let type = T.self
        return if type == Int64.self { String(unsafeBitCast(value, to: Int64.self)) }
        else if type == UInt64.self { String(unsafeBitCast(value, to: UInt64.self)) }
        else if type == Int32.self { String(unsafeBitCast(value, to: Int32.self)) }
        else if type == UInt32.self { String(unsafeBitCast(value, to: UInt32.self)) }
        else if type == Int16.self { String(unsafeBitCast(value, to: Int16.self)) }
        else if type == UInt16.self { String(unsafeBitCast(value, to: UInt16.self)) }
        else if type == Int8.self { String(unsafeBitCast(value, to: Int8.self)) }
        else if type == UInt8.self { String(unsafeBitCast(value, to: UInt8.self)) }
        else if type == UInt.self { String(unsafeBitCast(value, to: UInt.self)) }
        else { nil }
    }

    func literal(_ text: String) {
        valueWrote = true
        bytes.append(contentsOf: text.utf8)
    }

    func null() { literal("null") }

    func double(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not valid JSON"))
        }
        if value == value.rounded(), abs(value) < 1e15 {
            literal(String(Int64(value)))
        } else {
            literal("\(value)")
        }
    }

    func date(_ date: Date) throws {
        switch dates {
        case .timestamp: string(Timestamp.format(date))
        case .secondsSince1970: try double(date.timeIntervalSince1970)
        case .secondsSinceReferenceDate: try double(date.timeIntervalSinceReferenceDate)
        }
    }

    func string(_ text: String) {
        valueWrote = true
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most text needs no escape: a plain loop over the bytes finds that, then one copy.
            var plain = true
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                plain = false
                break
            }
            if plain {
                bytes.append(contentsOf: utf8)
            } else {
                escape(utf8)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private func escape(_ utf8: UnsafeBufferPointer<UInt8>) {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
    }

    // MARK: containers

    /// Opens a container at the current position (`{` or `[`).
    func openContainer(_ opening: UInt8, _ closing: UInt8) {
        valueWrote = true
        bytes.append(opening)
        open.append((closing, 0))
    }

    /// Closes containers until `depth` remain.
    func close(downTo depth: Int) {
        while open.count > depth { bytes.append(open.removeLast().close) }
    }

    /// Before an element of the container at stack index `index`: ends the nested containers
    /// the previous element left open, then writes the separator.
    func beginElement(in index: Int) {
        close(downTo: index + 1)
        if open[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[index].count += 1
    }

    func key(_ key: String, in index: Int) {
        beginElement(in: index)
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        openContainer(UInt8(ascii: "{"), UInt8(ascii: "}"))
        return KeyedEncodingContainer(KeyedWriter<Key>(writer: self, index: open.count - 1))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        openContainer(UInt8(ascii: "["), UInt8(ascii: "]"))
        return UnkeyedWriter(writer: self, index: open.count - 1)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleWriter(writer: self) }

    func closeAll() { close(downTo: 0) }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let index: Int
    var codingPath: [any CodingKey] { writer.codingPath }

    mutating func encodeNil(forKey key: Key) throws {
        writer.key(key.stringValue, in: index)
        writer.null()
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.key(key.stringValue, in: index)
        try writer.value(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        writer.key(key.stringValue, in: index)
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.key(key.stringValue, in: index)
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.key("super", in: index)
        return writer
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.key(key.stringValue, in: index)
        return writer
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let index: Int
    var codingPath: [any CodingKey] { writer.codingPath }
    var count: Int { writer.index(of: index) }

    mutating func encodeNil() throws {
        writer.beginElement(in: index)
        writer.null()
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginElement(in: index)
        try writer.value(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginElement(in: index)
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginElement(in: index)
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.beginElement(in: index)
        return writer
    }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] { writer.codingPath }

    mutating func encodeNil() throws { writer.null() }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.value(value) }
}

extension JSONByteWriter {
    /// Elements written so far in the container at stack index `index`.
    func index(of index: Int) -> Int { index < open.count ? open[index].count : 0 }
}
