import Foundation
import SupportDomain
import Testing

/// Business time across daylight-saving changes, with hours that contain the changing hour.
///
/// Rule under test: a wall-clock bound that occurs twice is its first occurrence; one that never
/// occurs is the instant the clock jumps past it; business time is the real time between them.
@Suite struct BusinessCalendarDSTTests {
    /// Every day 00:00–04:00 and 09:00–17:00 in `zone`.
    static func night(_ zone: String) -> BusinessCalendar {
        let hours = try! WeeklyHours(
            Weekday.allCases, [WallClockInterval("00:00", "04:00"), WallClockInterval("09:00", "17:00")])
        return try! BusinessCalendar(name: "night", timeZone: TimeZone(identifier: zone)!, hours: hours)
    }

    /// Every day `start`–`end` in `zone`.
    static func daily(_ zone: String, _ start: String, _ end: String) -> BusinessCalendar {
        let hours = try! WeeklyHours(Weekday.allCases, [WallClockInterval(start, end)])
        return try! BusinessCalendar(name: "daily", timeZone: TimeZone(identifier: zone)!, hours: hours)
    }

    struct Span: Sendable, CustomTestStringConvertible {
        let calendar: BusinessCalendar
        let from: String
        let to: String
        let seconds: Int64
        let why: String
        var testDescription: String { why }
    }

    static let spans: [Span] = [
        // New York springs forward 2026-03-08 02:00 EST → 03:00 EDT (07:00Z).
        Span(calendar: night("America/New_York"), from: "2026-03-08T00:00:00-05:00", to: "2026-03-08T04:00:00-04:00",
             seconds: 3 * 3_600, why: "New York 00:00–04:00 on the spring-forward day is 3 real hours"),
        Span(calendar: night("America/New_York"), from: "2026-03-08T00:00:00-05:00", to: "2026-03-09T00:00:00-04:00",
             seconds: 11 * 3_600, why: "New York spring-forward day: 3h at night + 8h for 09:00–17:00"),
        Span(calendar: night("America/New_York"), from: "2026-03-09T00:00:00-04:00", to: "2026-03-09T04:00:00-04:00",
             seconds: 4 * 3_600, why: "the day after, 00:00–04:00 EDT is 4 hours again"),
        Span(calendar: daily("America/New_York", "02:30", "03:30"), from: "2026-03-08T00:00:00-05:00",
             to: "2026-03-09T00:00:00-04:00", seconds: 1_800,
             why: "02:30 does not exist on Mar 8: the interval opens at the jump (03:00 EDT) and runs 30 minutes"),
        // New York falls back 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
        Span(calendar: night("America/New_York"), from: "2026-11-01T00:00:00-04:00", to: "2026-11-01T04:00:00-05:00",
             seconds: 5 * 3_600, why: "New York 00:00–04:00 on the fall-back day is 5 real hours"),
        Span(calendar: daily("America/New_York", "01:30", "02:30"), from: "2026-11-01T00:00:00-04:00",
             to: "2026-11-02T00:00:00-05:00", seconds: 2 * 3_600,
             why: "01:30 occurs twice on Nov 1: it opens at the first (EDT) and closes at 02:30 EST, 2 hours"),
        Span(calendar: night("America/New_York"), from: "2026-11-01T08:00:00-05:00", to: "2026-11-01T18:00:00-05:00",
             seconds: 8 * 3_600, why: "09:00–17:00 stays 8 hours on the fall-back day"),
        // Berlin springs forward 2026-03-29 02:00 CET → 03:00 CEST (01:00Z).
        Span(calendar: night("Europe/Berlin"), from: "2026-03-28T22:00:00Z", to: "2026-03-29T03:00:00Z",
             seconds: 3 * 3_600, why: "Berlin 00:00 CET (23:00Z) to 04:00 CEST (02:00Z) on Mar 29 is 3 hours"),
        // Berlin falls back 2026-10-25 03:00 CEST → 02:00 CET (01:00Z).
        Span(calendar: night("Europe/Berlin"), from: "2026-10-24T21:00:00Z", to: "2026-10-25T04:00:00Z",
             seconds: 5 * 3_600, why: "Berlin 00:00 CEST (22:00Z) to 04:00 CET (03:00Z) on Oct 25 is 5 hours"),
        // São Paulo sprang forward 2018-11-04 00:00 −03 → 01:00 −02 (03:00Z): midnight never happened.
        Span(calendar: night("America/Sao_Paulo"), from: "2018-11-04T00:00:00Z", to: "2018-11-04T08:00:00Z",
             seconds: 3 * 3_600, why: "São Paulo Nov 4 2018 opens at the jump (03:00Z) and closes 04:00 −02 (06:00Z)"),
        Span(calendar: daily("America/Sao_Paulo", "22:00", "24:00"), from: "2018-11-03T12:00:00Z",
             to: "2018-11-04T12:00:00Z", seconds: 2 * 3_600,
             why: "Nov 3 22:00–24:00 −03 ends at the jump (03:00Z), since Nov 4 00:00 never happened: 2 hours"),
        // São Paulo fell back 2019-02-17 00:00 −02 → Feb 16 23:00 −03 (02:00Z): 23:00–24:00 twice.
        Span(calendar: daily("America/Sao_Paulo", "22:00", "24:00"), from: "2019-02-16T12:00:00Z",
             to: "2019-02-17T12:00:00Z", seconds: 3 * 3_600,
             why: "Feb 16 2019 22:00 −02 (00:00Z) to the first Feb 17 00:00, which is −03 (03:00Z): 3 hours"),
        Span(calendar: night("America/Sao_Paulo"), from: "2019-02-17T00:00:00Z", to: "2019-02-17T08:00:00Z",
             seconds: 4 * 3_600, why: "São Paulo Feb 17 2019 00:00–04:00 −03 (03:00Z–07:00Z) is 4 hours"),
    ]

    @Test("business time across DST changes is real elapsed time between the converted bounds", arguments: spans)
    func span(_ s: Span) {
        #expect(s.calendar.businessSeconds(from: .at(s.from), to: .at(s.to)) == s.seconds)
    }

    @Test("deadlines across DST changes")
    func deadlines() {
        let newYork = Self.night("America/New_York")
        // 00:00 EST (05:00Z) + 2h = 07:00Z, which New York reads as 03:00 EDT.
        #expect(newYork.adding(7_200, to: .at("2026-03-08T00:00:00-05:00")) == .at("2026-03-08T03:00:00-04:00"))
        // + 3h uses the whole shortened night: due at its end, 04:00 EDT (08:00Z).
        #expect(newYork.adding(10_800, to: .at("2026-03-08T00:00:00-05:00")) == .at("2026-03-08T04:00:00-04:00"))
        // Fall back: 00:00 EDT (04:00Z) + 5h = 09:00Z = 04:00 EST, the end of the long night.
        #expect(newYork.adding(18_000, to: .at("2026-11-01T00:00:00-04:00")) == .at("2026-11-01T04:00:00-05:00"))
        // + 5h01m spills into 09:00 EST.
        #expect(newYork.adding(18_060, to: .at("2026-11-01T00:00:00-04:00")) == .at("2026-11-01T09:01:00-05:00"))
        let berlin = Self.night("Europe/Berlin")
        // 00:00 CEST Oct 25 (22:00Z) + 4h = 02:00Z, which Berlin reads as 03:00 CET.
        #expect(berlin.adding(14_400, to: .at("2026-10-24T22:00:00Z")) == .at("2026-10-25T03:00:00+01:00"))
        let saoPaulo = Self.night("America/Sao_Paulo")
        // Before the 2018 jump (02:30Z = Nov 3 23:30 −03) the next opening is the jump itself.
        #expect(saoPaulo.nextBusinessInstant(atOrAfter: .at("2018-11-04T02:30:00Z")) == .at("2018-11-04T01:00:00-02:00"))
        #expect(Self.daily("America/New_York", "02:30", "03:30").nextBusinessInstant(atOrAfter: .at("2026-03-08T06:00:00Z"))
            == .at("2026-03-08T07:00:00Z"))
    }

    @Test("the Brazil business day kept 10 hours through São Paulo's 2018 spring-forward")
    func brazilHistoricalDST() {
        // Thursday Nov 1 17:00 −03: 1h; Friday Nov 2 is All Souls; the clocks sprang forward on Sunday,
        // so Monday Nov 5 08:00 is −02 (10:00Z) and + 1h is 09:00 −02.
        let brazil = BusinessCalendar.brazilBusinessHours
        #expect(brazil.adding(7_200, to: .at("2018-11-01T17:00:00-03:00")) == .at("2018-11-05T09:00:00-02:00"))
    }
}
