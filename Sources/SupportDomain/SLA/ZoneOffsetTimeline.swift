import Foundation

/// A walking view of one time zone's UTC offsets as contiguous spans between transitions.
///
/// Business-calendar arithmetic turns many local wall-clock times into instants while walking
/// forward day by day. Asking Foundation for the offset of each one costs far more than the rest
/// of the step, so this keeps the spans covering the current window and only asks again when the
/// walk passes a transition (twice a year in a DST zone, never in most others).
///
/// Instants and local times are whole seconds since 1970-01-01 00:00; a local time is the wall
/// clock reading read as if it were UTC.
struct ZoneOffsetTimeline {
    /// Instants `from ..< until` share `offset` (seconds east of UTC). `from` may be later than
    /// the real transition when the walk started inside the span.
    struct Span {
        var from: Int64
        var until: Int64
        var offset: Int64
    }

    let zone: TimeZone
    private var spans: [Span] = []

    init(zone: TimeZone) {
        self.zone = zone
    }

    /// Makes the spans cover every instant in `lower ... upper`.
    ///
    /// Walking backwards restarts from `lower`; walking forward keeps what is known and drops
    /// spans that ended before `lower`.
    mutating func cover(_ lower: Int64, _ upper: Int64) {
        if let first = spans.first, first.from <= lower {
            let passed = spans.prefix { $0.until <= lower }.count
            if passed == spans.count {
                spans = [span(startingAt: lower)]
            } else if passed > 0 {
                spans.removeFirst(passed)
            }
        } else {
            spans = [span(startingAt: lower)]
        }
        while let last = spans.last, last.until <= upper {
            spans.append(span(startingAt: last.until))
        }
    }

    /// The first instant at which the wall clock reads `local` or later.
    ///
    /// This is the one rule for turning wall-clock times into instants: a time that exists once
    /// is that instant; a time that exists twice (fall back) is its first occurrence; a time that
    /// never exists (spring forward) becomes the instant the clock jumps past it. The rule is
    /// monotonic, so intervals stay ordered and never overlap after conversion.
    ///
    /// The covered window must start well before the answer (a day before `local` is enough).
    func firstInstant(atOrAfterLocal local: Int64) -> Int64 {
        for span in spans {
            let candidate = local - span.offset
            if candidate < span.until { return max(span.from, candidate) }
        }
        return local - (spans.last?.offset ?? 0)
    }

    /// Builds the span that contains `instant`, starting there.
    private func span(startingAt instant: Int64) -> Span {
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        let offset = Int64(zone.secondsFromGMT(for: date))
        var until = Int64.max
        if let next = zone.nextDaylightSavingTimeTransition(after: date) {
            until = max(instant + 1, Int64(next.timeIntervalSince1970.rounded(.up)))
        }
        return Span(from: instant, until: until, offset: offset)
    }
}
