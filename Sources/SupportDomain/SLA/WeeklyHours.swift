/// The business hours of a normal week: for each weekday, the wall-clock intervals that count.
///
/// A weekday with no intervals is closed. Several intervals per day model lunch breaks; they may
/// touch but not overlap, and are kept sorted.
///
/// Coded as an object keyed by `mon` … `sun`; a missing day is closed:
/// ```json
/// {"mon": [["08:00", "12:00"], ["13:00", "18:00"]], "tue": [["08:00", "18:00"]]}
/// ```
public struct WeeklyHours: Sendable, Hashable, Codable {
    /// The sorted intervals of each open weekday; closed days have no entry.
    public let intervals: [Weekday: [WallClockInterval]]

    /// Creates weekly hours.
    /// - Throws: ``SLAPolicyError`` (`overlappingIntervals`) when two intervals of a day overlap.
    public init(_ intervals: [Weekday: [WallClockInterval]]) throws {
        try self.init(intervals, at: "")
    }

    /// The same intervals on each of `days`, e.g. Monday to Friday 08:00–18:00.
    /// - Throws: ``SLAPolicyError`` when the intervals overlap.
    public init(_ days: [Weekday], _ intervals: [WallClockInterval]) throws {
        try self.init(Dictionary(uniqueKeysWithValues: days.map { ($0, intervals) }))
    }

    init(_ intervals: [Weekday: [WallClockInterval]], at path: String) throws {
        var sorted: [Weekday: [WallClockInterval]] = [:]
        for day in Weekday.allCases {
            guard let list = intervals[day], !list.isEmpty else { continue }
            for (i, interval) in list.enumerated() {
                if let j = list[..<i].firstIndex(where: { $0.overlaps(interval) }) {
                    let dayPath = SLAPolicyError.join(path, day.rawValue)
                    throw SLAPolicyError(
                        .overlappingIntervals, at: "\(dayPath)[\(i)]",
                        "\(interval) overlaps \(dayPath)[\(j)] \(list[j])")
                }
            }
            sorted[day] = list.sorted()
        }
        self.intervals = sorted
    }

    /// The intervals of one weekday, sorted; empty when closed.
    public subscript(day: Weekday) -> [WallClockInterval] { intervals[day] ?? [] }

    /// Whether no day of the week has any business hours.
    public var isEmpty: Bool { intervals.isEmpty }

    /// Total nominal business minutes in a week (ignoring DST and holidays).
    public var weeklyMinutes: Int {
        intervals.values.joined().reduce(0) { $0 + $1.endMinute - $1.startMinute }
    }

    /// Decodes `{"mon": [["08:00","12:00"]], …}`, reporting errors at their path.
    /// - Throws: ``SLAPolicyError`` for an unknown day key, a bad time or overlapping intervals.
    public init(from decoder: any Decoder) throws {
        let path = SLAPolicyError.path(decoder.codingPath)
        let raw = try [String: [WallClockInterval]](from: decoder)
        var byDay: [Weekday: [WallClockInterval]] = [:]
        for key in raw.keys.sorted() {
            guard let day = Weekday(rawValue: key) else {
                let names = Weekday.allCases.map(\.rawValue).joined(separator: ", ")
                throw SLAPolicyError(.unknownWeekday, at: path, "\"\(key)\" is not a weekday (use \(names))")
            }
            byDay[day] = raw[key]
        }
        try self.init(byDay, at: path)
    }

    /// Encodes `{"mon": [["08:00","12:00"]], …}` with closed days left out.
    public func encode(to encoder: any Encoder) throws {
        let raw = Dictionary(uniqueKeysWithValues: intervals.map { ($0.key.rawValue, $0.value) })
        try raw.encode(to: encoder)
    }
}
