import Testing

@testable import SupportDomain

/// ``ByteWriter`` and ``ByteReader`` agree on every value's edges, and damaged bytes throw.
@Suite struct ByteReaderTests {
    func read<T>(_ bytes: [UInt8], _ body: (inout ByteReader) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(bytes: raw)
            let value = try body(&reader)
            #expect(reader.isAtEnd, "every byte written is read")
            return value
        }
    }

    @Test("varints and zigzag integers round-trip at their edges, in the fewest bytes")
    func integers() throws {
        for value: UInt64 in [0, 1, 127, 128, 255, 16_383, 16_384, UInt64(UInt32.max), UInt64.max] {
            var writer = ByteWriter()
            writer.varint(value)
            #expect(try read(writer.bytes) { try $0.varint() } == value)
            #expect(writer.bytes.count == max(1, (64 - value.leadingZeroBitCount + 6) / 7))
        }
        for value: Int64 in [0, -1, 1, -64, 63, -65, 64, Int64.min, Int64.max] {
            var writer = ByteWriter()
            writer.int(value)
            #expect(try read(writer.bytes) { try $0.int() } == value)
        }
        var small = ByteWriter()
        small.int(-64)
        #expect(small.bytes == [127], "zigzag keeps small negatives in one byte")
    }

    @Test("doubles keep every bit; strings keep every scalar; optionals and blocks nest")
    func values() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            let double = Double(bitPattern: generator.next())
            var writer = ByteWriter()
            writer.double(double)
            #expect(try read(writer.bytes) { try $0.double() }.bitPattern == double.bitPattern)
        }
        let texts = ["", "a", "São Paulo", "日本語のチケット", "👩‍👩‍👧 e\u{301}", String(repeating: "x", count: 300), "nul\u{0}in"]
        var writer = ByteWriter()
        for text in texts { writer.string(text) }
        writer.optional(nil as String?) { $0.string($1) }
        writer.optional("there") { $0.string($1) }
        writer.block([1, 2, 3])
        writer.bool(true)
        writer.uint32(0xDEAD_BEEF)
        let back = try read(writer.bytes) { reader throws -> ([String], String?, String?, [UInt8], Bool, UInt32) in
            (
                try texts.map { _ in try reader.string() },
                try reader.optional { r throws(ByteReader.Failure) in try r.string() },
                try reader.optional { r throws(ByteReader.Failure) in try r.string() }, Array(try reader.block()), try reader.bool(),
                try reader.uint32()
            )
        }
        #expect(back.0 == texts)
        #expect(back.1 == nil && back.2 == "there")
        #expect(back.3 == [1, 2, 3] && back.4 && back.5 == 0xDEAD_BEEF)
    }

    @Test("reading past the end, an overlong varint, a bad boolean and an unknown name all throw")
    func damaged() throws {
        var writer = ByteWriter()
        writer.string("hello")
        for cut in 0..<writer.bytes.count {
            #expect(throws: ByteReader.Failure.truncated) { try read(Array(writer.bytes.prefix(cut))) { try $0.string() } }
        }
        #expect(throws: ByteReader.Failure.self) { try read([UInt8](repeating: 0xFF, count: 11) + [1]) { try $0.varint() } }
        #expect(throws: ByteReader.Failure.malformed("2 is not a boolean")) { try read([2]) { try $0.bool() } }
        var name = ByteWriter()
        name.string("someday")
        #expect(throws: ByteReader.Failure.self) { try read(name.bytes) { try $0.raw(TicketStatus.self) } }
    }
}
