/// Hex text to bytes and back: signature headers (`sha256=…`, `v1=…`), token and trace ids.
///
/// Works on UTF-8 bytes: `String(format: "%02x")` per byte and `Character` tests were each a
/// measurable share of an intake request (BENCHMARKS.md).
public enum Hex {
    @usableFromInline static let digits = Array("0123456789abcdef".utf8)

    /// Nil unless `text` is an even number of hex digits.
    public static func bytes(_ text: Substring) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for byte in utf8 {
            guard let value = digit(byte) else { return nil }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }

    /// The value of one hex digit (either case), or nil.
    public static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Lowercase hex, two digits a byte. Inlinable so callers in other modules get it
    /// specialized for their sequence (a MAC, an array): unspecialized, each byte went through
    /// the generic iterator's witnesses (`perf` of a webhook load run).
    @inlinable
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(Swift.max(bytes.underestimatedCount, 32) * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Sixteen lowercase digits, most significant first (what `%016llx` prints).
    public static func string(_ value: UInt64) -> String {
        string((0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }
}
