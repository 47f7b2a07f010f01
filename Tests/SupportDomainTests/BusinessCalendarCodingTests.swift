import Foundation
import SupportDomain
import Testing

/// The calendar file format: what it accepts, what it means, and how it names bad values.
@Suite struct BusinessCalendarCodingTests {
    static func decode(_ json: String) throws -> BusinessCalendar {
        try JSONDecoder().decode(BusinessCalendar.self, from: Data(json.utf8))
    }

    @Test("the documented example decodes with lunch breaks, all holiday kinds and a derived business day")
    func example() throws {
        let calendar = try Self.decode(
            """
            {"name": "standard", "timeZone": "America/Sao_Paulo",
             "hours": {"mon": [["08:00","12:00"],["13:00","18:00"]], "tue": [["08:00","12:00"],["13:00","18:00"]]},
             "holidays": ["01-01", "2027-03-01", {"easter": -48, "name": "Carnival Monday"},
                          {"date": "12-25", "name": "Christmas"}]}
            """)
        #expect(calendar.name == "standard")
        #expect(calendar.timeZone.identifier == "America/Sao_Paulo")
        #expect(calendar.hours[.mon] == [try WallClockInterval("08:00", "12:00"), try WallClockInterval("13:00", "18:00")])
        #expect(calendar.hours[.wed].isEmpty)
        // 4 × 9h a week over 2 open days: a business day is 9 hours.
        #expect(calendar.businessDaySeconds == 9 * 3_600)
        #expect(calendar.isHoliday(CivilDate(year: 2027, month: 3, day: 1)!))
        #expect(calendar.isHoliday(CivilDate(year: 2027, month: 2, day: 8)!))
        #expect(calendar.isHoliday(CivilDate(year: 2030, month: 12, day: 25)!))
        #expect(!calendar.isHoliday(CivilDate(year: 2027, month: 2, day: 10)!))
        #expect(calendar.holidays[2].name == "Carnival Monday")
    }

    @Test("a 24×7 calendar needs only a name and zone")
    func alwaysOpen() throws {
        let calendar = try Self.decode(#"{"name": "always", "alwaysOpen": true, "timeZone": "UTC"}"#)
        #expect(calendar.isAlwaysOpen)
        #expect(calendar.businessDaySeconds == 86_400)
        #expect(calendar == (try BusinessCalendar.alwaysOpen(name: "always")))
    }

    @Test("encoding and decoding gives back the same calendar", arguments: [
        BusinessCalendar.brazilBusinessHours, .twentyFourSeven, BusinessCalendarTests.lunch,
    ])
    func roundTrip(_ calendar: BusinessCalendar) throws {
        let data = try JSONEncoder().encode(calendar)
        #expect(try JSONDecoder().decode(BusinessCalendar.self, from: data) == calendar)
    }

    @Test(
        "invalid calendars are rejected with the field and value named",
        arguments: [
            (#"{"name": "x", "timeZone": "Mars/Olympus", "hours": {"mon": [["08:00","18:00"]]}}"#,
             #"timeZone: "Mars/Olympus" is not an IANA time zone (e.g. America/Sao_Paulo, UTC)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","25:00"]]}}"#,
             #"hours.mon[0]: "25:00" is not a time of day (use HH:MM, 00:00 to 24:00)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["8:00","12:00"]]}}"#,
             #"hours.mon[0]: "8:00" is not a time of day (use HH:MM, 00:00 to 24:00)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"], ["13:00","12:00"]]}}"#,
             #"hours.mon[1]: "13:00"-"12:00" ends before it starts"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"tue": [["08:00","12:00"], ["11:00","14:00"]]}}"#,
             #"hours.tue[1]: "11:00"-"14:00" overlaps hours.tue[0] "08:00"-"12:00""#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"monday": [["08:00","12:00"]]}}"#,
             #"hours: "monday" is not a weekday (use mon, tue, wed, thu, fri, sat, sun)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {}}"#,
             #"hours: no business hours in the week (give hours, or set "alwaysOpen": true)"#),
            (#"{"name": "x", "timeZone": "UTC"}"#,
             #"hours: no business hours in the week (give hours, or set "alwaysOpen": true)"#),
            (#"{"name": "", "timeZone": "UTC", "alwaysOpen": true}"#, #"name: a calendar needs a name"#),
            (#"{"name": "x", "timeZone": "UTC", "alwaysOpen": true, "hours": {"mon": [["08:00","12:00"]]}}"#,
             #"alwaysOpen: a 24×7 calendar takes no hours or holidays"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"]]}, "holidays": ["12-25", "2027-02-30"]}"#,
             #"holidays[1]: "2027-02-30" is not a date (use MM-DD every year, or YYYY-MM-DD once)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"]]}, "holidays": [{"date": "13-01"}]}"#,
             #"holidays[0].date: "13-01" is not a date (use MM-DD every year, or YYYY-MM-DD once)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"]]}, "holidays": [{"easter": 400}]}"#,
             #"holidays[0].easter: easter offset 400 is more than 365 days from Easter"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"]]}, "holidays": [{"name": "?"}]}"#,
             #"holidays[0]: a holiday object needs exactly one of "date" ("12-25", "2027-03-01") or "easter" (days from Easter Sunday)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"]]}, "businessDay": "1bd"}"#,
             #"businessDay: "1bd" is not a business day length (use 8h, 10h, 510m)"#),
            (#"{"name": "x", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"]]}, "businessDay": "25h"}"#,
             #"businessDay: "25h" is not a business day length (use 1s to 24h)"#),
        ])
    func invalid(json: String, message: String) throws {
        let error = #expect(throws: SLAPolicyError.self) { try Self.decode(json) }
        #expect(error?.description == message)
    }

    @Test("intervals may touch, are sorted, and a day may run to 24:00")
    func touching() throws {
        let calendar = try Self.decode(
            #"{"name": "x", "timeZone": "UTC", "hours": {"sun": [["12:00","24:00"], ["00:00","12:00"]]}}"#)
        #expect(calendar.hours[.sun].map(\.startMinute) == [0, 720])
        // Sunday 2027-02-07 is open all day; Monday is closed, so Sunday 23:00 + 2h is next Sunday 01:00.
        #expect(calendar.adding(7_200, to: .at("2027-02-07T23:00:00Z")) == .at("2027-02-14T01:00:00Z"))
    }
}
