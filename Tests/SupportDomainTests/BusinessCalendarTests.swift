import Foundation
import SupportDomain
import Testing

/// Deadlines and elapsed time on Mon–Fri business calendars, worked out by hand.
///
/// São Paulo has kept UTC−03:00 all year since 2019, so every instant below is written with
/// `-03:00` and reads as the local wall clock.
@Suite struct BusinessCalendarTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let start: String
        let seconds: Int64
        let due: String
        let why: String
        var testDescription: String { why }
    }

    static let brazil = BusinessCalendar.brazilBusinessHours

    /// Mon–Fri 08:00–12:00 and 13:00–18:00 in São Paulo, no holidays.
    static let lunch: BusinessCalendar = {
        let hours = try! WeeklyHours(
            [.mon, .tue, .wed, .thu, .fri], [WallClockInterval("08:00", "12:00"), WallClockInterval("13:00", "18:00")])
        return try! BusinessCalendar(name: "lunch", timeZone: TimeZone(identifier: "America/Sao_Paulo")!, hours: hours)
    }()

    static let brazilCases: [Case] = [
        Case(start: "2027-02-01T10:00:00-03:00", seconds: 7_200, due: "2027-02-01T12:00:00-03:00",
             why: "Monday 10:00 + 2h is 12:00 the same day"),
        Case(start: "2027-02-01T16:00:00-03:00", seconds: 7_200, due: "2027-02-01T18:00:00-03:00",
             why: "a deadline on the closing time is 18:00, not the next opening"),
        Case(start: "2027-01-29T17:00:00-03:00", seconds: 7_200, due: "2027-02-01T09:00:00-03:00",
             why: "Friday 17:00 + 2h: 1h on Friday, the weekend is skipped, 1h on Monday → 09:00"),
        Case(start: "2027-01-30T12:00:00-03:00", seconds: 3_600, due: "2027-02-01T09:00:00-03:00",
             why: "starting on Saturday, the count begins at Monday 08:00"),
        Case(start: "2027-02-05T17:00:00-03:00", seconds: 7_200, due: "2027-02-10T09:00:00-03:00",
             why: "Carnival 2027 (Easter Mar 28 −48/−47 = Feb 8–9): Friday 1h, Mon–Tue closed, Wednesday 09:00"),
        Case(start: "2027-03-25T17:00:00-03:00", seconds: 7_200, due: "2027-03-29T09:00:00-03:00",
             why: "Good Friday 2027 is Mar 26 (Easter −2): Thursday 1h, then Monday 09:00"),
        Case(start: "2027-05-26T17:00:00-03:00", seconds: 7_200, due: "2027-05-28T09:00:00-03:00",
             why: "Corpus Christi 2027 is Thursday May 27 (Easter +60): Wednesday 1h, Friday 09:00"),
        Case(start: "2027-04-20T18:00:00-03:00", seconds: 36_000, due: "2027-04-22T18:00:00-03:00",
             why: "1bd from Tuesday's close skips Tiradentes (Wed Apr 21): all of Thursday, due 18:00"),
        Case(start: "2026-12-24T17:00:00-03:00", seconds: 10_800, due: "2026-12-28T10:00:00-03:00",
             why: "Christmas 2026 is a Friday: Thursday 1h, then Monday 08:00 + 2h"),
        Case(start: "2027-03-02T14:00:00-03:00", seconds: 36_000, due: "2027-03-03T14:00:00-03:00",
             why: "1bd (10h) from Tuesday 14:00 is Wednesday 14:00"),
        Case(start: "2027-04-16T10:00:00-03:00", seconds: 180_000, due: "2027-04-26T10:00:00-03:00",
             why: "5bd from Friday Apr 16 10:00: Fri 8h, Mon 10, Tue 10, (Wed 21 holiday) Thu 10, Fri 10, Mon 2h → 10:00"),
        Case(start: "2027-06-07T08:00:00-03:00", seconds: 1_440_000, due: "2027-07-30T18:00:00-03:00",
             why: "8 weeks × 5 days × 10h from Monday Jun 7 08:00 (no holiday until Sep 7) ends Friday Jul 30 18:00"),
        Case(start: "2027-01-30T12:00:00-03:00", seconds: 0, due: "2027-01-30T12:00:00-03:00",
             why: "adding nothing on a closed Saturday returns the start: no business time needs to pass"),
        Case(start: "2027-02-01T10:00:00-03:00", seconds: -3_600, due: "2027-02-01T10:00:00-03:00",
             why: "a negative amount returns the start unchanged"),
    ]

    @Test("deadlines on the Brazil business calendar", arguments: brazilCases)
    func brazilDeadline(_ c: Case) {
        #expect(Self.brazil.adding(c.seconds, to: .at(c.start)) == .at(c.due))
        if c.seconds >= 0 {
            #expect(Self.brazil.businessSeconds(from: .at(c.start), to: .at(c.due)) == c.seconds)
        }
    }

    static let lunchCases: [Case] = [
        Case(start: "2027-02-01T11:00:00-03:00", seconds: 7_200, due: "2027-02-01T14:00:00-03:00",
             why: "11:00 + 2h: 1h to noon, lunch skipped, 13:00 + 1h → 14:00"),
        Case(start: "2027-02-01T11:30:00-03:00", seconds: 1_800, due: "2027-02-01T12:00:00-03:00",
             why: "a deadline on the start of lunch is 12:00, not 13:00"),
        Case(start: "2027-02-01T12:30:00-03:00", seconds: 3_600, due: "2027-02-01T14:00:00-03:00",
             why: "starting during lunch, the count begins at 13:00"),
        Case(start: "2027-02-05T17:30:00-03:00", seconds: 18_000, due: "2027-02-08T13:30:00-03:00",
             why: "Friday 17:30 + 5h: 30m Friday, Monday 08:00–12:00 is 4h, 13:00 + 30m → 13:30 (no holidays here)"),
    ]

    @Test("a day with a lunch break counts only its intervals", arguments: lunchCases)
    func lunchDeadline(_ c: Case) {
        #expect(Self.lunch.adding(c.seconds, to: .at(c.start)) == .at(c.due))
        #expect(Self.lunch.businessSeconds(from: .at(c.start), to: .at(c.due)) == c.seconds)
    }

    @Test("business seconds between instants")
    func between() {
        // Friday 17:00 → Monday 09:00 across an ordinary weekend: 1h + 1h.
        #expect(Self.brazil.businessSeconds(from: .at("2027-01-29T17:00:00-03:00"), to: .at("2027-02-01T09:00:00-03:00")) == 7_200)
        // Lunch 12:00–13:00 does not count: 11:00 → 14:00 is 2h.
        #expect(Self.lunch.businessSeconds(from: .at("2027-02-01T11:00:00-03:00"), to: .at("2027-02-01T14:00:00-03:00")) == 7_200)
        // Reversed and empty ranges are zero.
        #expect(Self.brazil.businessSeconds(from: .at("2027-02-01T14:00:00-03:00"), to: .at("2027-02-01T10:00:00-03:00")) == 0)
        #expect(Self.brazil.businessSeconds(from: .at("2027-02-01T10:00:00-03:00"), to: .at("2027-02-01T10:00:00-03:00")) == 0)
        // All of 2027: 261 weekdays minus 10 weekday holidays (Jan 1, Feb 8, Feb 9, Mar 26, Apr 21,
        // May 27, Sep 7, Oct 12, Nov 2, Nov 15; May 1, Nov 20 and Dec 25 are Saturdays) = 251 × 10h.
        #expect(Self.brazil.businessSeconds(from: .at("2027-01-01T00:00:00-03:00"), to: .at("2028-01-01T00:00:00-03:00")) == 251 * 36_000)
    }

    @Test("the next business instant is the instant itself while open, else the next opening")
    func nextBusinessInstant() {
        let open = Date.at("2027-02-01T10:15:30-03:00")
        #expect(Self.brazil.nextBusinessInstant(atOrAfter: open) == open)
        // Saturday → Monday 08:00.
        #expect(Self.brazil.nextBusinessInstant(atOrAfter: .at("2027-01-30T12:00:00-03:00")) == .at("2027-02-01T08:00:00-03:00"))
        // 18:00 is already closed: intervals are half-open.
        #expect(Self.brazil.nextBusinessInstant(atOrAfter: .at("2027-01-29T18:00:00-03:00")) == .at("2027-02-01T08:00:00-03:00"))
        // Carnival Monday 07:00 → Ash Wednesday 08:00.
        #expect(Self.brazil.nextBusinessInstant(atOrAfter: .at("2027-02-08T07:00:00-03:00")) == .at("2027-02-10T08:00:00-03:00"))
        // Noon on the lunch calendar → 13:00.
        #expect(Self.lunch.nextBusinessInstant(atOrAfter: .at("2027-02-01T12:00:00-03:00")) == .at("2027-02-01T13:00:00-03:00"))
        #expect(Self.lunch.isOpen(at: .at("2027-02-01T12:59:59-03:00")) == false)
        #expect(Self.lunch.isOpen(at: .at("2027-02-01T13:00:00-03:00")))
    }

    @Test("a 24×7 calendar is plain arithmetic")
    func alwaysOpen() {
        let start = Date.at("2027-02-06T23:30:00-03:00")
        #expect(BusinessCalendar.twentyFourSeven.adding(3_600, to: start) == start.addingTimeInterval(3_600))
        #expect(BusinessCalendar.twentyFourSeven.businessSeconds(from: start, to: start.addingTimeInterval(90)) == 90)
        #expect(BusinessCalendar.twentyFourSeven.nextBusinessInstant(atOrAfter: start) == start)
    }

    @Test("a calendar closed by holidays on every open day never comes due")
    func neverDue() throws {
        // Open only on Mondays, and every date of the year is a holiday.
        var holidays: [Holiday] = []
        for month in 1...12 {
            for day in 1...CivilDate.daysIn(month: month, year: 2000) {
                holidays.append(try Holiday(.yearly(month: month, day: day)))
            }
        }
        let calendar = try BusinessCalendar(
            name: "never", timeZone: TimeZone(identifier: "UTC")!,
            hours: WeeklyHours([.mon], [WallClockInterval("08:00", "18:00")]), holidays: holidays)
        #expect(calendar.adding(60, to: .at("2027-02-01T10:00:00Z")) == .distantFuture)
        #expect(calendar.nextBusinessInstant(atOrAfter: .at("2027-02-01T10:00:00Z")) == .distantFuture)
    }

    @Test("fractions of a second in the start are dropped")
    func wholeSeconds() {
        let start = Date.at("2027-02-01T10:00:00-03:00").addingTimeInterval(0.75)
        #expect(Self.brazil.adding(60, to: start) == .at("2027-02-01T10:01:00-03:00"))
    }
}
