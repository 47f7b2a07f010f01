import Foundation

/// When business time runs: weekly hours in an IANA time zone minus holidays, or 24×7.
///
/// SLA clocks count business seconds in a calendar (see the SPEC, "SLA"), so the same target
/// means different wall-clock deadlines for a ticket opened on Friday evening and on Tuesday
/// morning. A calendar is a plain value: build it once from the policy file, share it freely.
///
/// Local wall-clock times become instants by one rule (see
/// ``BusinessCalendar/adding(_:to:)``): a time that occurs twice when clocks fall back is its
/// first occurrence, a time skipped when clocks spring forward is the instant of the jump. Business
/// time is then the real elapsed seconds between those instants, so a 09:00–17:00 day is always
/// 8 hours, while an interval that contains the changing hour is one hour shorter or longer.
///
/// Coded as (missing weekday = closed; `businessDay` optional, see ``businessDaySeconds``):
/// ```json
/// {"name": "standard", "timeZone": "America/Sao_Paulo",
///  "hours": {"mon": [["08:00", "12:00"], ["13:00", "18:00"]], "tue": [["08:00", "18:00"]]},
///  "holidays": ["01-01", "2027-03-01", {"easter": -48, "name": "Carnival Monday"},
///               {"date": "12-25", "name": "Christmas"}],
///  "businessDay": "9h"}
/// ```
/// or, for 24×7, `{"name": "always", "alwaysOpen": true, "timeZone": "UTC"}`.
public struct BusinessCalendar: Sendable, Hashable {
    /// The name SLA targets use to refer to this calendar.
    public let name: String
    /// The zone whose wall clock the hours and holidays are read in.
    public let timeZone: TimeZone
    /// Whether every instant is business time (24×7); then ``hours`` and ``holidays`` are empty.
    public let isAlwaysOpen: Bool
    /// The weekly business hours.
    public let hours: WeeklyHours
    /// Dates on which the calendar is closed all day.
    public let holidays: [Holiday]
    /// The length of one business day in business seconds: what `1bd` means in an SLA target.
    ///
    /// Defaults to the week's business time divided by its number of open days (10 h for
    /// Mon–Fri 08:00–18:00, 9 h with a one-hour lunch break) and to 24 h for a 24×7 calendar,
    /// so `N bd` from any instant ends at the same wall-clock time N business days later.
    public let businessDaySeconds: Int64

    /// The business intervals of each weekday, Monday first.
    let weekly: [[WallClockInterval]]
    /// `yearlyHolidays[month * 32 + day]` is true when that date is a holiday every year; empty
    /// when there are no yearly holidays.
    let yearlyHolidays: [Bool]
    /// Day numbers (days since 1970-01-01) of one-off holidays.
    let onceHolidays: Set<Int64>
    /// Offsets from Easter Sunday of movable holidays.
    let easterOffsets: [Int]

    /// Creates a calendar with weekly hours.
    /// - Parameters:
    ///   - name: how SLA targets refer to it; not empty.
    ///   - timeZone: the zone of the wall clock.
    ///   - hours: the weekly hours; at least one interval in the week.
    ///   - holidays: closed dates.
    ///   - businessDaySeconds: the length of `1bd`; `nil` for the weekly average per open day.
    /// - Throws: ``SLAPolicyError`` when the name is empty, the week has no hours or
    ///   `businessDaySeconds` is not in `1 ... 86400`.
    public init(
        name: String, timeZone: TimeZone, hours: WeeklyHours, holidays: [Holiday] = [],
        businessDaySeconds: Int64? = nil
    ) throws {
        try self.init(
            name: name, timeZone: timeZone, isAlwaysOpen: false, hours: hours, holidays: holidays,
            businessDaySeconds: businessDaySeconds, at: "")
    }

    /// A 24×7 calendar: every second is business time and `1bd` is 24 hours.
    /// - Throws: ``SLAPolicyError`` when the name is empty.
    public static func alwaysOpen(name: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws
        -> BusinessCalendar
    {
        try BusinessCalendar(
            name: name, timeZone: timeZone, isAlwaysOpen: true, hours: WeeklyHours([:]), holidays: [],
            businessDaySeconds: nil, at: "")
    }

    init(
        name: String, timeZone: TimeZone, isAlwaysOpen: Bool, hours: WeeklyHours, holidays: [Holiday],
        businessDaySeconds: Int64?, at path: String
    ) throws {
        guard !name.isEmpty else {
            throw SLAPolicyError(.invalidName, at: SLAPolicyError.join(path, "name"), "a calendar needs a name")
        }
        if isAlwaysOpen {
            guard hours.isEmpty, holidays.isEmpty else {
                throw SLAPolicyError(
                    .conflictingFields, at: SLAPolicyError.join(path, "alwaysOpen"),
                    "a 24×7 calendar takes no hours or holidays")
            }
        } else if hours.isEmpty {
            throw SLAPolicyError(
                .noBusinessHours, at: SLAPolicyError.join(path, "hours"),
                "no business hours in the week (give hours, or set \"alwaysOpen\": true)")
        }
        let openDays = Int64(hours.intervals.count)
        let defaultDay = isAlwaysOpen ? 86_400 : Int64(hours.weeklyMinutes) * 60 / max(openDays, 1)
        let businessDay = businessDaySeconds ?? defaultDay
        guard (1...86_400).contains(businessDay) else {
            throw SLAPolicyError(
                .invalidDuration, at: SLAPolicyError.join(path, "businessDay"),
                "\"\(SLADuration.seconds(businessDay))\" is not a business day length (use 1s to 24h)")
        }
        self.name = name
        self.timeZone = timeZone
        self.isAlwaysOpen = isAlwaysOpen
        self.hours = hours
        self.holidays = holidays
        self.businessDaySeconds = businessDay
        self.weekly = Weekday.allCases.map { hours[$0] }
        var yearly = [Bool](repeating: false, count: 13 * 32)
        var once = Set<Int64>()
        var easter: [Int] = []
        for holiday in holidays {
            switch holiday.rule {
            case .yearly(let month, let day): yearly[month * 32 + day] = true
            case .once(let date): once.insert(date.dayNumber)
            case .easter(let offset): easter.append(offset)
            }
        }
        self.yearlyHolidays = yearly.contains(true) ? yearly : []
        self.onceHolidays = once
        self.easterOffsets = easter
    }

    /// Whether the local date `dayNumber` days after 1970-01-01 is a holiday.
    func isHoliday(dayNumber: Int64) -> Bool {
        if onceHolidays.contains(dayNumber) { return true }
        if yearlyHolidays.isEmpty && easterOffsets.isEmpty { return false }
        let date = CivilDate(dayNumber: dayNumber)
        if !yearlyHolidays.isEmpty && yearlyHolidays[date.month * 32 + date.day] { return true }
        for offset in easterOffsets {
            let sunday = CivilDate(dayNumber: dayNumber - Int64(offset))
            if CivilDate.easterSunday(year: sunday.year) == sunday { return true }
        }
        return false
    }

    /// Whether the local date is a holiday in this calendar.
    public func isHoliday(_ date: CivilDate) -> Bool { isHoliday(dayNumber: date.dayNumber) }

    /// Equality of what was configured; derived lookup tables follow from it.
    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        lhs.name == rhs.name && lhs.timeZone.identifier == rhs.timeZone.identifier
            && lhs.isAlwaysOpen == rhs.isAlwaysOpen && lhs.hours == rhs.hours && lhs.holidays == rhs.holidays
            && lhs.businessDaySeconds == rhs.businessDaySeconds
    }

    /// Hashes what was configured.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(timeZone.identifier)
        hasher.combine(isAlwaysOpen)
        hasher.combine(hours)
        hasher.combine(holidays)
        hasher.combine(businessDaySeconds)
    }
}
