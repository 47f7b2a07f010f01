import Foundation
import SupportDomain
import Testing

/// Every policy validation error names its place in the file.
@Suite struct SLAPolicyValidationTests {
    static let calendar = #"{"name": "office", "timeZone": "UTC", "hours": {"mon": [["08:00", "18:00"]]}}"#

    /// Six rows, one per group × type, covering all priorities.
    static let rows = PlanGroup.allCases.flatMap { group in
        TicketType.allCases.map { type in
            #"{"group": "\#(group.rawValue)", "type": "\#(type.rawValue)", "firstResponse": "2h", "resolution": "1bd", "calendar": "office"}"#
        }
    }

    static func policy(fractions: String = "[0.75, 0.9]", calendars: [String] = [calendar], rows: [String] = rows) -> String {
        #"{"warningFractions": \#(fractions), "calendars": [\#(calendars.joined(separator: ","))], "targets": [\#(rows.joined(separator: ","))]}"#
    }

    static func replacing(_ index: Int, with row: String) -> [String] {
        var rows = rows
        rows[index] = row
        return rows
    }

    @Test("a minimal policy covering every combination is valid, warnings default to 75 % and 90 %")
    func minimal() throws {
        let json = #"{"calendars": [\#(Self.calendar)], "targets": [\#(Self.rows.joined(separator: ","))]}"#
        let policy = try JSONDecoder().decode(SLAPolicy.self, from: Data(json.utf8))
        #expect(policy.warningFractions == [0.75, 0.9])
        #expect(policy.targets(group: .premium, type: .doubt, priority: .low).resolution.seconds == 10 * 3_600)
    }

    @Test(
        "invalid policies are rejected with the exact place named",
        arguments: [
            (policy(rows: replacing(3, with: #"{"group": "premium", "type": "doubt", "firstResponse": "2h", "resolution": "5x", "calendar": "office"}"#)),
             #"targets[3].resolution: "5x" is not a duration (use 30m, 2h, 3bd)"#),
            (policy(rows: replacing(1, with: #"{"group": "standard", "type": "task", "firstResponse": "2h", "nextUpdate": "soon", "resolution": "1bd", "calendar": "office"}"#)),
             #"targets[1].nextUpdate: "soon" is not a duration (use 30m, 2h, 3bd)"#),
            (policy(calendars: [#"{"name": "office", "timeZone": "UTC", "hours": {"mon": [["08:00","12:00"], ["13:00","12:00"]]}}"#]),
             #"calendars[0].hours.mon[1]: "13:00"-"12:00" ends before it starts"#),
            (policy(calendars: [calendar, #"{"name": "night", "timeZone": "UTC", "hours": {"sat": [["25:00","26:00"]]}}"#]),
             #"calendars[1].hours.sat[0]: "25:00" is not a time of day (use HH:MM, 00:00 to 24:00)"#),
            (policy(calendars: [#"{"name": "office", "timeZone": "Nowhere/City", "alwaysOpen": true}"#]),
             #"calendars[0].timeZone: "Nowhere/City" is not an IANA time zone (e.g. America/Sao_Paulo, UTC)"#),
            (policy(calendars: [calendar, calendar]),
             #"calendars[1].name: "office" is already the name of calendars[0]"#),
            (policy(rows: replacing(2, with: #"{"group": "standard", "type": "incident", "firstResponse": "2h", "resolution": "1bd", "calendar": "home"}"#)),
             #"targets[2].calendar: "home" is not a calendar of this policy (known: "office")"#),
            (policy(rows: replacing(0, with: #"{"group": "gold", "type": "doubt", "firstResponse": "2h", "resolution": "1bd", "calendar": "office"}"#)),
             #"targets[0].group: "gold" is not a plan group (use standard, premium)"#),
            (policy(rows: replacing(0, with: #"{"group": "standard", "type": "question", "firstResponse": "2h", "resolution": "1bd", "calendar": "office"}"#)),
             #"targets[0].type: "question" is not a ticket type (use doubt, task, incident)"#),
            (policy(rows: replacing(0, with: #"{"group": "standard", "type": "doubt", "priorities": ["urgent", "critical"], "firstResponse": "2h", "resolution": "1bd", "calendar": "office"}"#)),
             #"targets[0].priorities[1]: "critical" is not a priority (use urgent, high, normal, low)"#),
            (policy(rows: replacing(0, with: #"{"group": "standard", "type": "doubt", "priorities": [], "firstResponse": "2h", "resolution": "1bd", "calendar": "office"}"#)),
             #"targets[0].priorities: no priorities (leave the field out to cover all four)"#),
            (policy(rows: rows + [#"{"group": "standard", "type": "doubt", "priorities": ["low"], "firstResponse": "1h", "resolution": "1bd", "calendar": "office"}"#]),
             #"targets[6]: standard/doubt/low is already covered by targets[0]"#),
            (policy(rows: replacing(5, with: #"{"group": "premium", "type": "incident", "priorities": ["urgent", "high", "normal"], "firstResponse": "2h", "resolution": "1bd", "calendar": "office"}"#)),
             #"targets: no row covers premium/incident/low; every group × type × priority needs one"#),
            (policy(rows: replacing(2, with: #"{"group": "standard", "type": "incident", "firstResponse": "2h", "resolution": "1bd"}"#)),
             #"targets[2].calendar: a required field is missing"#),
            (policy(calendars: [#"{"name": "office", "hours": {"mon": [["08:00","18:00"]]}}"#]),
             #"calendars[0].timeZone: a required field is missing"#),
            (policy(fractions: "[0.75, 0.5]"), #"warningFractions[1]: 0.5 is not above 0.75; fractions must increase"#),
            (policy(fractions: "[1.0]"), #"warningFractions[0]: 1.0 is not strictly between 0 and 1"#),
            (policy(fractions: "[0]"), #"warningFractions[0]: 0.0 is not strictly between 0 and 1"#),
        ])
    func invalid(json: String, message: String) {
        let error = #expect(throws: SLAPolicyError.self) {
            try JSONDecoder().decode(SLAPolicy.self, from: Data(json.utf8))
        }
        #expect(error?.description == message)
    }

    @Test("a policy nested in a larger document prefixes its paths")
    func nested() {
        struct Settings: Decodable { let sla: SLAPolicy }
        let json = #"{"sla": \#(Self.policy(fractions: "[2]"))}"#
        let error = #expect(throws: SLAPolicyError.self) {
            try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
        }
        #expect(error?.path == "sla.warningFractions[0]")
        #expect(error?.code == .invalidWarningFractions)
    }

    @Test("errors compare by code, so callers can match the kind")
    func equalityByCode() {
        #expect(SLAPolicyError(.unknownCalendar, at: "a", "x") == SLAPolicyError(.unknownCalendar, at: "b", "y"))
        #expect(SLAPolicyError(.unknownCalendar, at: "a", "x") != SLAPolicyError(.missingTarget, at: "a", "x"))
    }
}
