/// One stretch of business hours within a day, in local wall-clock time: `["08:00", "12:00"]`.
///
/// A day may have several (a lunch break is the gap between two). The end may be `24:00` so a day
/// can run to midnight. Times are whole minutes; the interval is half-open, so `["08:00",
/// "12:00"]` and `["12:00", "18:00"]` touch without overlapping.
///
/// Coded as a two-element array of `HH:MM` strings.
public struct WallClockInterval: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes after local midnight at which business starts, 0 ..< 1440.
    public let startMinute: Int
    /// Minutes after local midnight at which business stops, 1 ... 1440 and after ``startMinute``.
    public let endMinute: Int

    /// Creates an interval from `HH:MM` strings.
    /// - Throws: ``SLAPolicyError`` when a time is not `HH:MM` in `00:00 … 24:00` or the end is not
    ///   after the start.
    public init(_ start: String, _ end: String) throws {
        try self.init(start, end, at: "")
    }

    /// Creates an interval from minutes after midnight.
    /// - Throws: ``SLAPolicyError`` when a bound is outside `0 … 1440` or the end is not after the start.
    public init(startMinute: Int, endMinute: Int) throws {
        try self.init(WallClockInterval.format(startMinute), WallClockInterval.format(endMinute), at: "")
    }

    init(_ start: String, _ end: String, at path: String) throws {
        guard let startMinute = WallClockInterval.minuteOfDay(start) else {
            throw SLAPolicyError(.invalidTimeOfDay, at: path, "\"\(start)\" is not a time of day (use HH:MM, 00:00 to 24:00)")
        }
        guard let endMinute = WallClockInterval.minuteOfDay(end) else {
            throw SLAPolicyError(.invalidTimeOfDay, at: path, "\"\(end)\" is not a time of day (use HH:MM, 00:00 to 24:00)")
        }
        guard endMinute > startMinute else {
            throw SLAPolicyError(.emptyInterval, at: path, "\"\(start)\"-\"\(end)\" ends before it starts")
        }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Decodes `["HH:MM", "HH:MM"]`, reporting errors at the decoder's coding path.
    public init(from decoder: any Decoder) throws {
        let path = SLAPolicyError.path(decoder.codingPath)
        var container = try decoder.unkeyedContainer()
        let pair = [try container.decode(String.self), try container.decode(String.self)]
        guard container.isAtEnd else {
            throw SLAPolicyError(.invalidTimeOfDay, at: path, "an interval is two times, [\"08:00\", \"12:00\"]")
        }
        try self.init(pair[0], pair[1], at: path)
    }

    /// Encodes `["HH:MM", "HH:MM"]`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(WallClockInterval.format(startMinute))
        try container.encode(WallClockInterval.format(endMinute))
    }

    /// `"08:00"-"12:00"`, as error messages quote it.
    public var description: String {
        "\"\(WallClockInterval.format(startMinute))\"-\"\(WallClockInterval.format(endMinute))\""
    }

    /// Whether the two intervals share at least one minute.
    public func overlaps(_ other: WallClockInterval) -> Bool {
        startMinute < other.endMinute && other.startMinute < endMinute
    }

    /// Earlier start first, then earlier end.
    public static func < (lhs: WallClockInterval, rhs: WallClockInterval) -> Bool {
        (lhs.startMinute, lhs.endMinute) < (rhs.startMinute, rhs.endMinute)
    }

    /// Parses `HH:MM` (two digits each) into minutes after midnight; `24:00` is 1440.
    static func minuteOfDay(_ text: String) -> Int? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 5, utf8[2] == UInt8(ascii: ":") else { return nil }
        let digits = [utf8[0], utf8[1], utf8[3], utf8[4]].map { Int($0) - Int(UInt8(ascii: "0")) }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let hour = digits[0] * 10 + digits[1]
        let minute = digits[2] * 10 + digits[3]
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    /// Minutes after midnight as `HH:MM`; values outside `0 … 1440` are shown as given so an
    /// error message can quote them.
    static func format(_ minuteOfDay: Int) -> String {
        guard (0...1440).contains(minuteOfDay) else { return "\(minuteOfDay) minutes" }
        let hour = minuteOfDay / 60
        let minute = minuteOfDay % 60
        return (hour < 10 ? "0\(hour)" : "\(hour)") + ":" + (minute < 10 ? "0\(minute)" : "\(minute)")
    }
}
