import Foundation
import Testing

@testable import SupportDomain

@Suite struct HexTests {
    @Test("bytes to text and back, against Foundation's formatting")
    func roundTrip() {
        var generator = SplitMix64(seed: 7)
        for count in [0, 1, 2, 31, 32, 33, 200] {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let text = Hex.string(bytes)
            #expect(text == bytes.map { String(format: "%02x", $0) }.joined())
            #expect(Hex.bytes(Substring(text)) == bytes)
            #expect(Hex.bytes(Substring(text.uppercased())) == bytes)
        }
        for _ in 0..<1000 {
            let value = generator.next()
            #expect(Hex.string(value) == String(format: "%016llx", value))
        }
    }

    @Test("odd lengths and anything but hex digits are refused")
    func refusals() {
        for text in ["a", "abc", "0g", "zz", " 00", "00 ", "0x00", "٠٠", "ａｂ"] {
            #expect(Hex.bytes(Substring(text)) == nil, "\(text)")
        }
        #expect(Hex.digit(UInt8(ascii: "F")) == 15 && Hex.digit(UInt8(ascii: "f")) == 15 && Hex.digit(UInt8(ascii: "G")) == nil)
    }
}
