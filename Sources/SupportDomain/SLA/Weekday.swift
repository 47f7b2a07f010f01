/// A day of the week, spelled as in the calendar file's `hours` keys.
///
/// Cases run Monday first (ISO 8601) so that ``index`` matches the order in which business weeks
/// are usually written.
public enum Weekday: String, Codable, Sendable, CaseIterable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 0 for Monday … 6 for Sunday.
    public var index: Int {
        switch self {
        case .mon: 0
        case .tue: 1
        case .wed: 2
        case .thu: 3
        case .fri: 4
        case .sat: 5
        case .sun: 6
        }
    }

    /// The weekday of a day number counted from 1970-01-01, which was a Thursday.
    init(dayNumber: Int64) {
        let index = Int(((dayNumber + 3) % 7 + 7) % 7)
        self = Weekday.allCases[index]
    }

    /// Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.index < rhs.index }
}
