import Foundation
import Testing

@testable import SupportDomain

@Suite struct SLAClockTests {
    let brazil = BusinessCalendar.brazilBusinessHours
    let fractions = [0.75, 0.9]

    func target(_ hours: Int64) -> SLATarget { SLATarget(duration: .seconds(hours * 3600), calendar: brazil) }

    /// Mon 2027-03-15 09:00 BRT + 8h business = 17:00; warnings at 6h (15:00) and 7h12m (16:12).
    @Test("warnings fire once each, in order, then the breach once")
    func warningsAndBreach() {
        var clock = SLAClock(kind: .firstResponse, target: target(8), start: .at("2027-03-15T09:00:00-03:00"))
        #expect(clock.dueAt == .at("2027-03-15T17:00:00-03:00"))
        #expect(clock.nextFire(fractions: fractions, in: brazil) == .at("2027-03-15T15:00:00-03:00"))
        #expect(clock.fire(now: .at("2027-03-15T14:59:59-03:00"), fractions: fractions, in: brazil).isEmpty)
        #expect(clock.fire(now: .at("2027-03-15T15:00:00-03:00"), fractions: fractions, in: brazil) == [.warning(fraction: 0.75)])
        #expect(clock.fire(now: .at("2027-03-15T15:30:00-03:00"), fractions: fractions, in: brazil).isEmpty)
        #expect(clock.nextFire(fractions: fractions, in: brazil) == .at("2027-03-15T16:12:00-03:00"))
        #expect(clock.fire(now: .at("2027-03-15T18:00:00-03:00"), fractions: fractions, in: brazil) == [.warning(fraction: 0.9), .breached])
        #expect(clock.fire(now: .at("2027-03-16T18:00:00-03:00"), fractions: fractions, in: brazil).isEmpty)
        #expect(clock.stop(at: .at("2027-03-16T18:00:00-03:00"), in: brazil) == nil, "a breached clock is never met")
    }

    /// Paused Mon 11:00 after 2h, resumed Wed 10:00 (across two nights): 6h left → Wed 16:00.
    @Test("a paused clock keeps its consumed time and resumes with the rest")
    func pauseAcrossNights() {
        var clock = SLAClock(kind: .resolution, target: target(8), start: .at("2027-03-15T09:00:00-03:00"))
        clock.pause(at: .at("2027-03-15T11:00:00-03:00"), in: brazil)
        #expect(clock.state == .paused)
        #expect(clock.consumedSeconds == 7200)
        #expect(clock.nextFire(fractions: fractions, in: brazil) == nil, "nothing fires while paused")
        #expect(clock.fire(now: .at("2027-03-20T00:00:00-03:00"), fractions: fractions, in: brazil).isEmpty)
        clock.resume(at: .at("2027-03-17T10:00:00-03:00"), in: brazil)
        #expect(clock.dueAt == .at("2027-03-17T16:00:00-03:00"))
        #expect(clock.remaining(at: .at("2027-03-17T12:00:00-03:00"), in: brazil) == 4 * 3600)
        #expect(clock.stop(at: .at("2027-03-17T15:00:00-03:00"), in: brazil) == .met)
    }

    /// Resolved Mon 13:00 after 4h; reopened Thu 09:00 with 4h left → Thu 13:00.
    @Test("reopening continues from the remaining budget")
    func reopen() {
        var clock = SLAClock(kind: .resolution, target: target(8), start: .at("2027-03-15T09:00:00-03:00"))
        #expect(clock.stop(at: .at("2027-03-15T13:00:00-03:00"), in: brazil) == .met)
        clock.resume(at: .at("2027-03-18T09:00:00-03:00"), in: brazil)
        #expect(clock.dueAt == .at("2027-03-18T13:00:00-03:00"))
    }

    @Test("a restart begins a new cycle with fresh warnings")
    func restart() {
        var clock = SLAClock(kind: .nextUpdate, target: target(4), start: .at("2027-03-15T09:00:00-03:00"))
        _ = clock.fire(now: .at("2027-03-15T13:30:00-03:00"), fractions: fractions, in: brazil)
        #expect(clock.breached)
        clock.restart(at: .at("2027-03-15T14:00:00-03:00"), in: brazil)
        #expect(!clock.breached && clock.warningsFired == 0)
        #expect(clock.dueAt == .at("2027-03-15T18:00:00-03:00"))
    }

    @Test("a clock survives a JSON round trip unchanged")
    func codable() throws {
        var clock = SLAClock(kind: .resolution, target: target(8), start: .at("2027-03-15T09:00:00-03:00"))
        clock.pause(at: .at("2027-03-15T10:00:00-03:00"), in: brazil)
        let data = try JSONEncoder().encode(clock)
        #expect(try JSONDecoder().decode(SLAClock.self, from: data) == clock)
    }
}
