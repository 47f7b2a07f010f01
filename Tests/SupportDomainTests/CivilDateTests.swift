import SupportDomain
import Testing

/// Day arithmetic and the Easter computus that movable holidays hang on.
@Suite struct CivilDateTests {
    @Test(
        "Easter Sunday matches the published dates",
        arguments: [
            (2018, 4, 1), (2019, 4, 21), (2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2028, 4, 16),
            (2029, 4, 1), (2030, 4, 21), (2038, 4, 25), (2285, 3, 22),
        ])
    func easter(year: Int, month: Int, day: Int) {
        #expect(CivilDate.easterSunday(year: year) == CivilDate(year: year, month: month, day: day))
    }

    @Test("Carnival 2027 is February 8 and 9, Corpus Christi May 27")
    func movableFeasts2027() {
        let easter = CivilDate.easterSunday(year: 2027)
        #expect(easter.adding(days: -48) == CivilDate(year: 2027, month: 2, day: 8))
        #expect(easter.adding(days: -47) == CivilDate(year: 2027, month: 2, day: 9))
        #expect(easter.adding(days: -2) == CivilDate(year: 2027, month: 3, day: 26))
        #expect(easter.adding(days: 60) == CivilDate(year: 2027, month: 5, day: 27))
    }

    @Test("day numbers round-trip and count from 1970-01-01, a Thursday")
    func dayNumbers() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.weekday == .thu)
        #expect(CivilDate(year: 2027, month: 2, day: 8)?.weekday == .mon)
        #expect(CivilDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        for dayNumber in Int64(-800_000)...Int64(-799_000) {
            #expect(CivilDate(dayNumber: dayNumber).dayNumber == dayNumber)
        }
        var previous = CivilDate(dayNumber: 0)
        for dayNumber in Int64(1)...Int64(30_000) {
            let date = CivilDate(dayNumber: dayNumber)
            #expect(date.dayNumber == dayNumber)
            #expect(previous < date)
            previous = date
        }
    }

    @Test("dates that do not exist are rejected", arguments: [(2027, 2, 29), (2027, 4, 31), (2027, 13, 1), (2027, 0, 10)])
    func invalid(year: Int, month: Int, day: Int) {
        #expect(CivilDate(year: year, month: month, day: day) == nil)
    }

    @Test("holidays fall on their dates")
    func holidays() throws {
        let christmas = try Holiday(date: "12-25")
        #expect(christmas.falls(on: CivilDate(year: 2031, month: 12, day: 25)!))
        let bridge = try Holiday(date: "2027-03-01")
        #expect(bridge.falls(on: CivilDate(year: 2027, month: 3, day: 1)!))
        #expect(!bridge.falls(on: CivilDate(year: 2028, month: 3, day: 1)!))
        let goodFriday = try Holiday(.easter(offsetDays: -2))
        #expect(goodFriday.falls(on: CivilDate(year: 2024, month: 3, day: 29)!))
        #expect(goodFriday.falls(on: CivilDate(year: 2030, month: 4, day: 19)!))
        let leapDay = try Holiday(date: "02-29")
        #expect(leapDay.falls(on: CivilDate(year: 2028, month: 2, day: 29)!))
    }
}
