import Foundation

/// Deadlines and elapsed business time.
///
/// All three operations work in whole seconds: the fraction of a second of an input instant is
/// dropped, and results are whole seconds. They walk forward one local day at a time, converting
/// that day's intervals to instants, so their cost grows with the number of calendar days spanned
/// (a few nanoseconds each), never with the number of seconds.
///
/// If no business time is found within ``BusinessCalendar/searchHorizonDays`` consecutive days
/// (possible only when holidays close every open weekday), or the answer would lie beyond
/// `Date.distantFuture`, the result is `Date.distantFuture`: the deadline never comes.
extension BusinessCalendar {
    /// How many consecutive days without business time a search crosses before giving up.
    public static let searchHorizonDays: Int64 = 3_660

    /// The instant at which `businessSeconds` of business time have elapsed since `start`.
    ///
    /// - A deadline that lands on the end of an interval is that end instant, not the next opening
    ///   (18:00, not 08:00 the next day).
    /// - Zero or a negative amount returns `start` unchanged, even when the calendar is closed at
    ///   `start`: no business time needs to elapse.
    /// - Starting in closed time, the count begins at the next opening.
    ///
    /// Interval bounds are local wall-clock times turned into instants by one rule: a time that
    /// occurs twice (clocks falling back) is its first occurrence; a time that does not occur
    /// (clocks springing forward) is the instant the clock jumps past it. Business time is the real
    /// elapsed time between those instants, so 00:00–04:00 on a spring-forward day is 3 hours and on
    /// a fall-back day 5 hours, and 09:00–17:00 is always 8 hours.
    public func adding(_ businessSeconds: Int64, to start: Date) -> Date {
        guard businessSeconds > 0 else { return start }
        let from = BusinessCalendar.wholeSeconds(start)
        if isAlwaysOpen {
            let (due, overflow) = from.addingReportingOverflow(businessSeconds)
            return overflow ? .distantFuture : BusinessCalendar.date(due)
        }
        var walker = IntervalWalker(calendar: self, from: from)
        var remaining = businessSeconds
        while let (open, close) = walker.next() {
            let lower = max(open, from)
            guard close > lower else { continue }
            if remaining <= close - lower { return BusinessCalendar.date(lower + remaining) }
            remaining -= close - lower
        }
        return .distantFuture
    }

    /// The business seconds between two instants: 0 when `end` is not after `start`.
    ///
    /// The inverse of ``adding(_:to:)``: `businessSeconds(from: s, to: adding(n, to: s)) == n` for
    /// every whole-second `s` and `n >= 0`.
    public func businessSeconds(from start: Date, to end: Date) -> Int64 {
        let from = BusinessCalendar.wholeSeconds(start)
        let to = BusinessCalendar.wholeSeconds(end)
        guard to > from else { return 0 }
        if isAlwaysOpen { return to - from }
        var walker = IntervalWalker(calendar: self, from: from)
        var total: Int64 = 0
        while let (open, close) = walker.next(), open < to {
            let lower = max(open, from)
            let upper = min(close, to)
            if upper > lower { total += upper - lower }
        }
        return total
    }

    /// The first business instant at or after `instant`: `instant` itself when business time is
    /// running, else the next opening.
    public func nextBusinessInstant(atOrAfter instant: Date) -> Date {
        if isAlwaysOpen { return instant }
        let from = BusinessCalendar.wholeSeconds(instant)
        var walker = IntervalWalker(calendar: self, from: from)
        while let (open, close) = walker.next() {
            guard close > from else { continue }
            return open <= from ? instant : BusinessCalendar.date(open)
        }
        return .distantFuture
    }

    /// Whether business time is running at `instant`.
    public func isOpen(at instant: Date) -> Bool {
        nextBusinessInstant(atOrAfter: instant) == instant
    }

    /// The whole second containing `date` (rounded toward the past).
    static func wholeSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard !seconds.isNaN else { return 0 }
        let limit = TimeInterval(horizonInstant)
        return Int64(min(max(seconds, -limit), limit))
    }

    /// `seconds` since 1970 as a date, `Date.distantFuture` beyond it.
    static func date(_ seconds: Int64) -> Date {
        seconds >= horizonInstant ? .distantFuture : Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `Date.distantFuture` in seconds since 1970: no search looks further.
    static let horizonInstant = Int64(Date.distantFuture.timeIntervalSince1970)
}

/// Yields a calendar's business intervals as instants, in order, from the local day before a
/// given instant onward.
///
/// Starting a day early covers the rare zone whose clock falls back across midnight, where the
/// previous local day's hours can still be running; callers clip intervals to their own range.
struct IntervalWalker {
    private let calendar: BusinessCalendar
    private var timeline: ZoneOffsetTimeline
    private var day: Int64
    private var dayIntervals: [WallClockInterval] = []
    private var index = 0
    private var closedDays: Int64 = 0

    init(calendar: BusinessCalendar, from instant: Int64) {
        self.calendar = calendar
        self.timeline = ZoneOffsetTimeline(zone: calendar.timeZone)
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        let local = instant + Int64(calendar.timeZone.secondsFromGMT(for: date))
        self.day = BusinessCalendar.floorDivide(local, 86_400) - 1
        load()
    }

    /// The next interval `(open, close)` with `close > open`, or `nil` past the search horizon.
    mutating func next() -> (Int64, Int64)? {
        while true {
            while index < dayIntervals.count {
                let interval = dayIntervals[index]
                index += 1
                let midnight = day * 86_400
                let open = timeline.firstInstant(atOrAfterLocal: midnight + Int64(interval.startMinute) * 60)
                let close = timeline.firstInstant(atOrAfterLocal: midnight + Int64(interval.endMinute) * 60)
                if close > open {
                    closedDays = 0
                    return (open, close)
                }
            }
            day += 1
            closedDays += 1
            guard closedDays <= BusinessCalendar.searchHorizonDays, day * 86_400 < BusinessCalendar.horizonInstant
            else { return nil }
            load()
        }
    }

    /// Loads the current day's intervals and the zone offsets around it.
    private mutating func load() {
        index = 0
        dayIntervals = calendar.isHoliday(dayNumber: day) ? [] : calendar.weekly[Weekday(dayNumber: day).index]
        if !dayIntervals.isEmpty {
            timeline.cover((day - 1) * 86_400, (day + 2) * 86_400)
        }
    }
}

extension BusinessCalendar {
    /// Integer division rounding toward negative infinity, for days before 1970.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
