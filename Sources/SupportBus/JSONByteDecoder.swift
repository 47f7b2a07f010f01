import Foundation
import SupportDomain

/// A JSON decoder that reads values straight from the bytes: the reading half of
/// ``StreamingJSONEncoder``, with the same date formats.
///
/// Why not Foundation's `JSONDecoder`: for each object it makes a `String` of every key and a
/// dictionary of them before the type asks for one value; in the SLA path that was the largest
/// single cost (BENCHMARKS.md). This one indexes the text once (``JSONDocument``, checked
/// against RFC 8259 in full, where Foundation skips strings a type never reads and takes a
/// trailing comma), finds keys by comparing bytes, and makes Swift values only of what the type
/// reads. Errors are the usual `DecodingError`s, so callers and their messages do not change.
public struct JSONByteDecoder: Sendable {
    public var dates: StreamingJSONEncoder.DateFormat

    public init(dates: StreamingJSONEncoder.DateFormat = .timestamp) { self.dates = dates }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
        return try JSONNodeReader(document: document, dates: dates).decode(type, at: 0, key: nil)
    }
}

/// The `Decoder` over one indexed document. One reader serves a whole decode: nested values
/// move its current node and put it back, as ``JSONByteWriter`` keeps one stack.
final class JSONNodeReader: Decoder {
    let document: JSONDocument
    let dates: StreamingJSONEncoder.DateFormat
    var node = 0
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(document: JSONDocument, dates: StreamingJSONEncoder.DateFormat) {
        self.document = document
        self.dates = dates
    }

    func kind(_ index: Int) -> JSONDocument.Kind { document.nodes[index].kind }

    /// Decodes the value at `index`: primitives directly, anything else through `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type, at index: Int, key: (any CodingKey)?) throws -> T {
        // Metatype comparisons, as in the encoder; each `unsafeBitCast` is to the type just
        // compared equal.
        if type == String.self { return unsafeBitCast(try string(at: index, key), to: T.self) }
        if type == Date.self { return unsafeBitCast(try date(at: index, key), to: T.self) }
        if type == Int.self { return unsafeBitCast(try integer(at: index, key, as: Int.self), to: T.self) }
        if type == Bool.self { return unsafeBitCast(try bool(at: index, key), to: T.self) }
        if type == Double.self { return unsafeBitCast(try double(at: index, key), to: T.self) }
        if let value = try integer(type, at: index, key) { return value }
        if type == Float.self { return Float(try double(at: index, key)) as! T }
        if type == Data.self {
            guard let data = Data(base64Encoded: try string(at: index, key)) else { throw corrupted(key, "not base64") }
            return data as! T
        }
        if type == URL.self {
            guard let url = URL(string: try string(at: index, key)) else { throw corrupted(key, "not a URL") }
            return url as! T
        }
        let saved = node
        node = index
        if let key { codingPath.append(key) }
        defer {
            node = saved
            if key != nil { codingPath.removeLast() }
        }
        return try T(from: self)
    }

    /// The other integer types (each would otherwise come back here through a single-value
    /// container forever). Metatype equality, not `is` casts, as in the encoder.
    private func integer<T>(_ type: T.Type, at index: Int, _ key: (any CodingKey)?) throws -> T? {
        if type == Int64.self { return unsafeBitCast(try integer(at: index, key, as: Int64.self), to: T.self) }
        if type == UInt64.self { return unsafeBitCast(try integer(at: index, key, as: UInt64.self), to: T.self) }
        if type == Int32.self { return unsafeBitCast(try integer(at: index, key, as: Int32.self), to: T.self) }
        if type == UInt32.self { return unsafeBitCast(try integer(at: index, key, as: UInt32.self), to: T.self) }
        if type == Int16.self { return unsafeBitCast(try integer(at: index, key, as: Int16.self), to: T.self) }
        if type == UInt16.self { return unsafeBitCast(try integer(at: index, key, as: UInt16.self), to: T.self) }
        if type == Int8.self { return unsafeBitCast(try integer(at: index, key, as: Int8.self), to: T.self) }
        if type == UInt8.self { return unsafeBitCast(try integer(at: index, key, as: UInt8.self), to: T.self) }
        if type == UInt.self { return unsafeBitCast(try integer(at: index, key, as: UInt.self), to: T.self) }
        return nil
    }

    func string(at index: Int, _ key: (any CodingKey)?) throws -> String {
        try expect(.string, String.self, at: index, key)
        return document.string(index)
    }

    func bool(at index: Int, _ key: (any CodingKey)?) throws -> Bool {
        switch kind(index) {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: index, key)
        }
    }

    func double(at index: Int, _ key: (any CodingKey)?) throws -> Double {
        try expect(.number, Double.self, at: index, key)
        guard let value = document.double(index), value.isFinite else { throw corrupted(key, "number out of range") }
        return value
    }

    func integer<T: FixedWidthInteger>(at index: Int, _ key: (any CodingKey)?, as type: T.Type) throws -> T {
        try expect(.number, type, at: index, key)
        guard let value = document.integer(index, as: type) else { throw corrupted(key, "number does not fit in \(type)") }
        return value
    }

    func date(at index: Int, _ key: (any CodingKey)?) throws -> Date {
        switch dates {
        case .secondsSince1970:
            return Date(timeIntervalSince1970: try double(at: index, key))
        case .secondsSinceReferenceDate:
            return Date(timeIntervalSinceReferenceDate: try double(at: index, key))
        case .timestamp:
            try expect(.string, Date.self, at: index, key)
            // Parsed in place when the text has no escapes (a time never needs one).
            guard let date = document.timestamp(index) ?? Timestamp.parse(document.string(index)) else {
                throw corrupted(key, "not an ISO 8601 time: \(document.string(index))")
            }
            return date
        }
    }

    private func expect(_ wanted: JSONDocument.Kind, _ type: Any.Type, at index: Int, _ key: (any CodingKey)?) throws {
        guard kind(index) != wanted else { return }
        throw mismatch(type, at: index, key)
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] { key.map { codingPath + [$0] } ?? codingPath }

    func mismatch(_ type: Any.Type, at index: Int, _ key: (any CodingKey)?) -> DecodingError {
        if kind(index) == .null {
            return .valueNotFound(type, .init(codingPath: path(key), debugDescription: "expected \(type), found null"))
        }
        return .typeMismatch(type, .init(codingPath: path(key), debugDescription: "expected \(type), found \(kind(index))"))
    }

    func corrupted(_ key: (any CodingKey)?, _ reason: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: path(key), debugDescription: reason))
    }

    // MARK: containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard kind(node) == .object else { throw mismatch([String: Any].self, at: node, nil) }
        return KeyedDecodingContainer(KeyedNodeReader<Key>(reader: self, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard kind(node) == .array else { throw mismatch([Any].self, at: node, nil) }
        return UnkeyedNodeReader(reader: self, node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeReader(reader: self, node: node, codingPath: codingPath)
    }

    /// A reader positioned at `index`, for `nestedContainer` and `superDecoder`.
    func child(at index: Int, path: [any CodingKey]) -> JSONNodeReader {
        let child = JSONNodeReader(document: document, dates: dates)
        child.node = index
        child.codingPath = path
        return child
    }
}

/// An object's members. Keys are found by comparing bytes from the first member: objects on
/// the bus have a dozen keys, and a scan of those beats hashing each one. Large objects
/// (dictionaries) get a hash index instead, so decoding one stays linear.
private struct KeyedNodeReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: JSONNodeReader
    let node: Int
    let codingPath: [any CodingKey]
    private let index: [String: Int]?

    init(reader: JSONNodeReader, node: Int, codingPath: [any CodingKey]) {
        self.reader = reader
        self.node = node
        self.codingPath = codingPath
        let document = reader.document
        if document.nodes[node].count > 16 {
            var index: [String: Int] = [:]
            var key = node + 1
            for _ in 0..<document.nodes[node].count {
                if index[document.string(key)] == nil { index[document.string(key)] = key + 1 }
                key = document.nodes[key + 1].next
            }
            self.index = index
        } else {
            self.index = nil
        }
    }

    /// The value node of `key`, or nil. The first of duplicate keys wins.
    func find(_ key: Key) -> Int? { find(key.stringValue) }

    func find(_ name: String) -> Int? {
        if let index { return index[name] }
        return reader.document.member(named: name, in: node)
    }

    func value(_ key: Key) throws -> Int {
        guard let index = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key \"\(key.stringValue)\""))
        }
        return index
    }

    var allKeys: [Key] {
        let document = reader.document
        var keys: [Key] = []
        var member = node + 1
        for _ in 0..<document.nodes[node].count {
            if let key = Key(stringValue: document.string(member)) { keys.append(key) }
            member = document.nodes[member + 1].next
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { reader.kind(try value(key)) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try reader.decode(type, at: try value(key), key: key)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = find(key), reader.kind(index) != .null else { return nil }
        return try reader.decode(type, at: index, key: key)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.bool(at: try value(key), key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader.string(at: try value(key), key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try reader.double(at: try value(key), key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try reader.double(at: try value(key), key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.integer(at: try value(key), key, as: type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.integer(at: try value(key), key, as: type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try reader.child(at: try value(key), path: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try reader.child(at: try value(key), path: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = JSONIndexKey(stringValue: "super")
        guard let index = find(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key \"super\""))
        }
        return reader.child(at: index, path: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        reader.child(at: try value(key), path: codingPath + [key])
    }
}

/// An array's elements, read in order.
private struct UnkeyedNodeReader: UnkeyedDecodingContainer {
    let reader: JSONNodeReader
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    /// The node of the next element.
    private var cursor: Int

    init(reader: JSONNodeReader, node: Int, codingPath: [any CodingKey]) {
        self.reader = reader
        self.codingPath = codingPath
        count = reader.document.nodes[node].count
        cursor = node + 1
    }

    var isAtEnd: Bool { currentIndex >= count! }

    private var key: JSONIndexKey { JSONIndexKey(intValue: currentIndex) }

    private func end(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "the array has no more elements"))
    }

    /// The next element's node and key; moves past it.
    private mutating func next(_ type: Any.Type) throws -> (Int, JSONIndexKey) {
        guard !isAtEnd else { throw end(type) }
        let element = (cursor, key)
        cursor = reader.document.nodes[cursor].next
        currentIndex += 1
        return element
    }

    /// Decodes the next element; moves past it only once decoded, as Foundation does, so a
    /// failed element can be read again as another type.
    private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw end(type) }
        let value = try reader.decode(type, at: cursor, key: key)
        _ = try next(type)
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw end(Any?.self) }
        guard reader.kind(cursor) == .null else { return false }
        _ = try next(Any?.self)
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (element, key) = try next(type)
        return try reader.child(at: element, path: codingPath + [key]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (element, key) = try next([Any].self)
        return try reader.child(at: element, path: codingPath + [key]).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (element, key) = try next(Any.self)
        return reader.child(at: element, path: codingPath + [key])
    }
}

private struct SingleNodeReader: SingleValueDecodingContainer {
    let reader: JSONNodeReader
    let node: Int
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { reader.kind(node) == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decode(type, at: node, key: nil) }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(at: node, nil) }
    func decode(_ type: String.Type) throws -> String { try reader.string(at: node, nil) }
    func decode(_ type: Double.Type) throws -> Double { try reader.double(at: node, nil) }
    func decode(_ type: Float.Type) throws -> Float { Float(try reader.double(at: node, nil)) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(at: node, nil, as: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(at: node, nil, as: type) }
}

/// An array position or `super` in a coding path.
struct JSONIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
    init(intValue: Int) { (stringValue, self.intValue) = ("Index \(intValue)", intValue) }
}
