import SupportDomain
import Testing

/// The policy file's duration spellings.
@Suite struct SLADurationTests {
    @Test(
        "durations parse to business seconds or business days",
        arguments: [
            ("90s", SLADuration.seconds(90)), ("30m", .seconds(1_800)), ("2h", .seconds(7_200)),
            ("24h", .seconds(86_400)), ("1bd", .businessDays(1)), ("5bd", .businessDays(5)),
        ])
    func parses(text: String, duration: SLADuration) {
        #expect(SLADuration(parsing: text) == duration)
        #expect(duration.description == text)
    }

    @Test("anything else is not a duration", arguments: ["5x", "", "h", "0h", "-2h", "2 h", "1.5h", "2H", "3d", "99999999999999h"])
    func rejects(text: String) {
        #expect(SLADuration(parsing: text) == nil)
    }

    @Test("business days are multiples of the calendar's business day")
    func businessDays() {
        #expect(SLADuration.businessDays(3).seconds(in: .brazilBusinessHours) == 3 * 36_000)
        #expect(SLADuration.businessDays(2).seconds(in: .twentyFourSeven) == 2 * 86_400)
        #expect(SLADuration.seconds(7_200).seconds(in: .brazilBusinessHours) == 7_200)
    }
}
