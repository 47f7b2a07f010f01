import Foundation

/// ISO 8601 UTC timestamps with milliseconds, the one textual form of an instant on the bus,
/// in the API and in tail output.
///
/// Written by hand on integer milliseconds: Foundation's ISO 8601 style goes through floating
/// point and can move a parsed instant by a millisecond or two, which would make a stored
/// ticket differ from the one returned at creation.
public enum Timestamp {
    /// "2026-11-26T13:05:00.250Z". Hand-formatted: this runs for every time in every event,
    /// and `String(format:)` was the single largest cost of encoding one.
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let ms = Int(millis - days * 86_400_000)
        let civil = CivilDate(dayNumber: days)
        return String(unsafeUninitializedCapacity: 24) { buffer in
            func put(_ value: Int, _ digits: Int, at offset: Int) {
                var value = value
                for i in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(48 + value % 10)
                    value /= 10
                }
            }
            put(civil.year, 4, at: 0)
            buffer[4] = 45
            put(civil.month, 2, at: 5)
            buffer[7] = 45
            put(civil.day, 2, at: 8)
            buffer[10] = 84
            put(ms / 3_600_000, 2, at: 11)
            buffer[13] = 58
            put(ms / 60_000 % 60, 2, at: 14)
            buffer[16] = 58
            put(ms / 1000 % 60, 2, at: 17)
            buffer[19] = 46
            put(ms % 1000, 3, at: 20)
            buffer[23] = 90
            return 24
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// The same from UTF-8 bytes, for decoders that hold the text as bytes.
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Date? {
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var value = 0
            for i in range {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116 || b[10] == 32, b[13] == 58,
            b[16] == 58, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let civil = CivilDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, b[index] >= 48 && b[index] <= 57 {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] == 90 || b[index] == 122 {
            guard index + 1 == b.count else { return nil }
        } else if b[index] == 43 || b[index] == 45, index + 6 == b.count, b[index + 3] == 58,
            let oh = number(index + 1..<index + 3), let om = number(index + 4..<index + 6), oh < 24, om < 60
        {
            offset = (oh * 3600 + om * 60) * (b[index] == 45 ? -1 : 1)
        } else {
            return nil
        }
        let seconds = Int(civil.dayNumber) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: (Double(seconds) * 1000 + (fraction * 1000).rounded()) / 1000)
    }

    /// The instant as a wall-clock time in `timeZone`, e.g. "2026-11-26 10:05:00 -03:00".
    public static func local(_ date: Date, timeZone identifier: String) -> String {
        let zone = TimeZone(identifier: identifier) ?? .gmt
        let offset = zone.secondsFromGMT(for: date)
        let shifted = format(date.addingTimeInterval(TimeInterval(offset)))
        let sign = offset < 0 ? "-" : "+"
        return String(shifted.prefix(10)) + " " + String(shifted.dropFirst(11).prefix(8))
            + String(format: " %@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }
}
