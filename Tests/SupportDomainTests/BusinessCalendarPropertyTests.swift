import Foundation
import SupportDomain
import Testing

/// Laws every calendar obeys, checked on thousands of seeded random cases (SplitMix64, so a
/// failure replays exactly). Calendars cover holidays, lunch breaks and DST in three zones.
@Suite struct BusinessCalendarPropertyTests {
    static let calendars: [BusinessCalendar] = [
        .brazilBusinessHours,
        BusinessCalendarTests.lunch,
        BusinessCalendarDSTTests.night("America/New_York"),
        BusinessCalendarDSTTests.night("Europe/Berlin"),
        BusinessCalendarDSTTests.daily("America/Sao_Paulo", "22:00", "24:00"),
        BusinessCalendarDSTTests.daily("America/New_York", "01:30", "02:30"),
    ]

    /// 2015-01-01 … 2031-01-01, which spans São Paulo's last DST years.
    static let instants: ClosedRange<Int64> = 1_420_070_400...1_925_000_000

    static func randomDate(_ rng: inout SplitMix64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(Int64.random(in: instants, using: &rng)))
    }

    @Test("adding then measuring returns the same business seconds", arguments: calendars.indices)
    func addThenMeasure(_ index: Int) {
        let calendar = Self.calendars[index]
        var rng = SplitMix64(seed: 0xC0FFEE + UInt64(index))
        for _ in 0..<1_500 {
            let start = Self.randomDate(&rng)
            let seconds = Int64.random(in: 0...(40 * 86_400), using: &rng)
            let due = calendar.adding(seconds, to: start)
            #expect(calendar.businessSeconds(from: start, to: due) == seconds, "\(calendar.name) \(start) + \(seconds)")
            if seconds > 0 {
                // The deadline is the earliest such instant: one second earlier is one short.
                #expect(calendar.businessSeconds(from: start, to: due.addingTimeInterval(-1)) == seconds - 1)
            }
        }
    }

    @Test("deadlines grow with the amount and with the start", arguments: calendars.indices)
    func monotonic(_ index: Int) {
        let calendar = Self.calendars[index]
        var rng = SplitMix64(seed: 0xBEEF + UInt64(index))
        for _ in 0..<1_000 {
            let start = Self.randomDate(&rng)
            let later = start.addingTimeInterval(TimeInterval(Int64.random(in: 0...(10 * 86_400), using: &rng)))
            let small = Int64.random(in: 0...(20 * 86_400), using: &rng)
            let large = small + Int64.random(in: 0...(20 * 86_400), using: &rng)
            #expect(calendar.adding(small, to: start) <= calendar.adding(large, to: start))
            #expect(calendar.adding(small, to: start) <= calendar.adding(small, to: later))
            #expect(calendar.businessSeconds(from: start, to: later) <= calendar.businessSeconds(from: start, to: later.addingTimeInterval(3_600)))
        }
    }

    @Test("business seconds add up over consecutive ranges", arguments: calendars.indices)
    func additive(_ index: Int) {
        let calendar = Self.calendars[index]
        var rng = SplitMix64(seed: 0xADD + UInt64(index))
        for _ in 0..<1_000 {
            var points = (0..<3).map { _ in Int64.random(in: 0...(30 * 86_400), using: &rng) }.sorted()
            let base = Int64.random(in: Self.instants, using: &rng)
            points = points.map { $0 + base }
            let (a, b, c) = (points.map { Date(timeIntervalSince1970: TimeInterval($0)) }).tuple3
            #expect(calendar.businessSeconds(from: a, to: c) == calendar.businessSeconds(from: a, to: b) + calendar.businessSeconds(from: b, to: c))
        }
    }

    @Test("the next business instant is open, and nothing before it is")
    func nextBusinessInstant() {
        var rng = SplitMix64(seed: 0x5EED)
        for calendar in Self.calendars {
            for _ in 0..<1_000 {
                let instant = Self.randomDate(&rng)
                let next = calendar.nextBusinessInstant(atOrAfter: instant)
                #expect(next >= instant)
                #expect(calendar.isOpen(at: next))
                #expect(calendar.businessSeconds(from: next, to: next.addingTimeInterval(1)) == 1)
                #expect(calendar.businessSeconds(from: instant, to: next) == 0)
                if next > instant {
                    #expect(!calendar.isOpen(at: next.addingTimeInterval(-1)))
                }
            }
        }
    }

    @Test("a 24×7 calendar agrees with plain arithmetic")
    func alwaysOpen() throws {
        var rng = SplitMix64(seed: 24 * 7)
        let calendars = [BusinessCalendar.twentyFourSeven, try .alwaysOpen(name: "ny", timeZone: TimeZone(identifier: "America/New_York")!)]
        for calendar in calendars {
            for _ in 0..<2_000 {
                let start = Self.randomDate(&rng)
                let seconds = Int64.random(in: 0...(400 * 86_400), using: &rng)
                let due = start.addingTimeInterval(TimeInterval(seconds))
                #expect(calendar.adding(seconds, to: start) == due)
                #expect(calendar.businessSeconds(from: start, to: due) == seconds)
            }
        }
    }
}

extension Array {
    /// The first three elements as a tuple.
    fileprivate var tuple3: (Element, Element, Element) { (self[0], self[1], self[2]) }
}
