/// A bounds-checked cursor over bytes that ``ByteWriter`` (or a file format) laid out; a read
/// past the end or a value out of range throws instead of trapping, since the bytes come from a
/// file that may be damaged.
public struct ByteReader {
    /// Why bytes could not be read.
    public enum Failure: Error, Sendable, Equatable {
        case truncated
        case malformed(String)
    }

    let storage: UnsafeRawBufferPointer
    public private(set) var offset = 0

    /// Reads `bytes`, which must stay valid while the reader is used (inside `withUnsafeBytes`).
    public init(bytes: UnsafeRawBufferPointer) { storage = bytes }

    public var isAtEnd: Bool { offset == storage.count }

    public mutating func bytes(_ count: Int) throws(Failure) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= storage.count - offset else { throw .truncated }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: storage[offset..<(offset + count)])
    }

    public mutating func byte() throws(Failure) -> UInt8 {
        guard offset < storage.count else { throw .truncated }
        defer { offset += 1 }
        return storage[offset]
    }

    public mutating func bool() throws(Failure) -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        case let other: throw .malformed("\(other) is not a boolean")
        }
    }

    public mutating func uint32() throws(Failure) -> UInt32 {
        UInt32(littleEndian: try bytes(4).loadUnaligned(as: UInt32.self))
    }

    public mutating func varint() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw .malformed("varint longer than 64 bits") }
            value |= UInt64(next & 0x7f) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    public mutating func int() throws(Failure) -> Int64 {
        let zigzag = try varint()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    /// A varint that must fit an `Int` (a count or a length).
    public mutating func count() throws(Failure) -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw .malformed("count \(value) out of range") }
        return Int(value)
    }

    public mutating func double() throws(Failure) -> Double {
        Double(bitPattern: UInt64(littleEndian: try bytes(8).loadUnaligned(as: UInt64.self)))
    }

    public mutating func string() throws(Failure) -> String {
        String(decoding: try bytes(try count()), as: UTF8.self)
    }

    /// A string that must be one of `Value`'s raw values (enums are stored by name, so adding
    /// or reordering cases never changes what stored bytes mean).
    public mutating func raw<Value: RawRepresentable>(_: Value.Type) throws(Failure) -> Value where Value.RawValue == String {
        let text = try string()
        guard let value = Value(rawValue: text) else { throw .malformed("\"\(text)\" is not a \(Value.self)") }
        return value
    }

    public mutating func optional<Value>(_ read: (inout ByteReader) throws(Failure) -> Value) throws(Failure) -> Value? {
        try bool() ? try read(&self) : nil
    }

    /// Bytes ``ByteWriter/block(_:)`` wrote.
    public mutating func block() throws(Failure) -> UnsafeRawBufferPointer { try bytes(try count()) }
}
