/// A local date on which a business calendar is closed all day.
///
/// Three kinds cover national holiday lists: a date every year (`12-25`), a single date
/// (`2027-03-01`, e.g. a bridge day), and a movable feast given as days from Easter Sunday
/// (Carnival Monday −48, Carnival Tuesday −47, Good Friday −2, Corpus Christi +60).
///
/// Coded as a string (`"12-25"`, `"2027-03-01"`) or, to give it a name, an object:
/// `{"date": "12-25", "name": "Christmas"}` or `{"easter": -48, "name": "Carnival Monday"}`.
public struct Holiday: Sendable, Hashable, Codable, CustomStringConvertible {
    /// When the holiday falls.
    public enum Rule: Sendable, Hashable {
        /// Every year on this month and day; `02-29` only in leap years.
        case yearly(month: Int, day: Int)
        /// Once, on this date.
        case once(CivilDate)
        /// Every year, this many days after Easter Sunday (before, when negative).
        case easter(offsetDays: Int)
    }

    /// The largest Easter offset accepted, in days; a year either way is already meaningless.
    public static let maximumEasterOffset = 365

    /// When the holiday falls.
    public let rule: Rule
    /// A label for people reading the file (`Christmas`); has no effect on arithmetic.
    public let name: String?

    /// Creates a holiday.
    /// - Throws: ``SLAPolicyError`` (`invalidHoliday`) for a month or day that never exists, or an
    ///   Easter offset beyond ``maximumEasterOffset``.
    public init(_ rule: Rule, name: String? = nil) throws {
        try self.init(rule, name: name, at: "")
    }

    /// Creates a holiday from the file's spelling: `MM-DD` (yearly) or `YYYY-MM-DD` (once).
    /// - Throws: ``SLAPolicyError`` (`invalidHoliday`) when `date` is neither.
    public init(date: String, name: String? = nil) throws {
        try self.init(Holiday.parse(date, at: ""), name: name, at: "")
    }

    init(_ rule: Rule, name: String?, at path: String) throws {
        switch rule {
        case .yearly(let month, let day):
            guard CivilDate(year: 2000, month: month, day: day) != nil else {
                throw SLAPolicyError(.invalidHoliday, at: path, "month \(month) day \(day) is not a date")
            }
        case .once:
            break
        case .easter(let offset):
            guard abs(offset) <= Holiday.maximumEasterOffset else {
                throw SLAPolicyError(
                    .invalidHoliday, at: path,
                    "easter offset \(offset) is more than \(Holiday.maximumEasterOffset) days from Easter")
            }
        }
        self.rule = rule
        self.name = name
    }

    /// Whether the holiday falls on `date`.
    public func falls(on date: CivilDate) -> Bool {
        switch rule {
        case .yearly(let month, let day):
            return date.month == month && date.day == day
        case .once(let once):
            return date == once
        case .easter(let offset):
            let sunday = date.adding(days: -offset)
            return CivilDate.easterSunday(year: sunday.year) == sunday
        }
    }

    /// The file spelling of the rule: `12-25`, `2027-03-01` or `easter-48`.
    public var description: String {
        switch rule {
        case .yearly(let month, let day):
            (month < 10 ? "0\(month)" : "\(month)") + "-" + (day < 10 ? "0\(day)" : "\(day)")
        case .once(let date):
            date.description
        case .easter(let offset):
            offset < 0 ? "easter\(offset)" : "easter+\(offset)"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case date, easter, name
    }

    /// Decodes a string or `{"date"|"easter", "name"}` object, reporting errors at their path.
    public init(from decoder: any Decoder) throws {
        let path = SLAPolicyError.path(decoder.codingPath)
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            try self.init(Holiday.parse(text, at: path), name: nil, at: path)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decodeIfPresent(String.self, forKey: .name)
        let date = try container.decodeIfPresent(String.self, forKey: .date)
        let easter = try container.decodeIfPresent(Int.self, forKey: .easter)
        switch (date, easter) {
        case (let date?, nil):
            try self.init(Holiday.parse(date, at: SLAPolicyError.join(path, "date")), name: name, at: path)
        case (nil, let offset?):
            try self.init(.easter(offsetDays: offset), name: name, at: SLAPolicyError.join(path, "easter"))
        default:
            throw SLAPolicyError(
                .invalidHoliday, at: path,
                "a holiday object needs exactly one of \"date\" (\"12-25\", \"2027-03-01\") or \"easter\" (days from Easter Sunday)")
        }
    }

    /// Encodes the string form, or an object when the holiday has a name or is Easter-relative.
    public func encode(to encoder: any Encoder) throws {
        switch (rule, name) {
        case (.easter(let offset), _):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(offset, forKey: .easter)
            try container.encodeIfPresent(name, forKey: .name)
        case (_, nil):
            var container = encoder.singleValueContainer()
            try container.encode(description)
        case (_, let name?):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(description, forKey: .date)
            try container.encode(name, forKey: .name)
        }
    }

    /// Parses `MM-DD` or `YYYY-MM-DD`.
    static func parse(_ text: String, at path: String) throws -> Rule {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = parts.map { part in part.allSatisfy { $0.isASCII && $0.isNumber } ? Int(part) : nil }
        let widths = parts.map(\.count)
        if widths == [2, 2], let month = numbers[0], let day = numbers[1],
            CivilDate(year: 2000, month: month, day: day) != nil
        {
            return .yearly(month: month, day: day)
        }
        if widths == [4, 2, 2], let year = numbers[0], let month = numbers[1], let day = numbers[2],
            let date = CivilDate(year: year, month: month, day: day)
        {
            return .once(date)
        }
        throw SLAPolicyError(
            .invalidHoliday, at: path, "\"\(text)\" is not a date (use MM-DD every year, or YYYY-MM-DD once)")
    }
}
