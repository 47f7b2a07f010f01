import Foundation

/// Time-ordered unique identifiers (UUID version 7 layout, RFC 9562) for tickets and events.
///
/// Sorting ids sorts by creation time, which keeps SQLite's B-trees append-mostly. A derived id
/// (``derived(from:salt:)``) is a pure function of its parent, so an event recomputed after a
/// crash gets the same id and receivers deduplicate it.
public enum EventID {
    /// A new id for `now`, with 74 random bits.
    public static func make(now: Date, using generator: inout some RandomNumberGenerator) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8((millis >> (8 * (5 - UInt64(i)))) & 0xff) }
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        for i in 6..<16 {
            let source = i < 14 ? random.0 >> (8 * UInt64(i - 6)) : random.1 >> (8 * UInt64(i - 14))
            bytes[i] = UInt8(truncatingIfNeeded: source)
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x70
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return format(bytes)
    }

    /// A new id for `now` from the system random generator.
    public static func make(now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(now: now, using: &generator)
    }

    /// An id determined by `parent` and `salt`: same inputs, same id. It keeps the parent's
    /// timestamp so it still sorts near it.
    public static func derived(from parent: String, salt: String) -> String {
        // The parent's first six bytes from its first twelve hex digits, read as UTF-8 bytes
        // (filtering Characters showed in `perf` on the SLA path, where every event derives one).
        var bytes = [UInt8](repeating: 0, count: 16)
        var digits = 0
        for byte in parent.utf8 where digits < 12 {
            guard let value = Hex.digit(byte) else { continue }
            bytes[digits / 2] |= digits % 2 == 0 ? value << 4 : value
            digits += 1
        }
        // A lone digit at the end is not a byte and counts as nothing.
        if digits % 2 == 1 { bytes[digits / 2] = 0 }
        var hash1: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for part in [parent, "/", salt] {
            for byte in part.utf8 {
                hash1 = (hash1 ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                hash2 = (hash2 &* 0x0000_0100_0000_01b3) ^ UInt64(byte)
            }
        }
        for i in 6..<14 { bytes[i] = UInt8(truncatingIfNeeded: hash1 >> (8 * UInt64(i - 6))) }
        for i in 14..<16 { bytes[i] = UInt8(truncatingIfNeeded: hash2 >> (8 * UInt64(i - 14))) }
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return format(bytes)
    }

    private static func format(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
