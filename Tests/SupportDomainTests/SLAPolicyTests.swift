import Foundation
import SupportDomain
import Testing

/// The default SLA policy against the SPEC table, and the shipped policy file.
@Suite struct SLAPolicyTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let group: PlanGroup
        let type: TicketType
        let priorities: [Priority]
        let firstResponse: Int64
        let nextUpdate: Int64?
        let resolution: Int64
        let calendar: String
        var testDescription: String { "\(group) \(type) \(priorities.map(\.rawValue).joined(separator: "/"))" }
    }

    static let hour: Int64 = 3_600
    static let businessDay: Int64 = 10 * hour
    static let business = "brazil-business-hours"

    /// The SPEC "SLA" defaults table, one row per line, in seconds.
    static let spec: [Row] = [
        Row(group: .standard, type: .incident, priorities: [.urgent], firstResponse: 2 * hour, nextUpdate: 4 * hour,
            resolution: 1 * businessDay, calendar: business),
        Row(group: .standard, type: .incident, priorities: [.high], firstResponse: 4 * hour, nextUpdate: 8 * hour,
            resolution: 2 * businessDay, calendar: business),
        Row(group: .standard, type: .incident, priorities: [.normal, .low], firstResponse: 8 * hour, nextUpdate: nil,
            resolution: 5 * businessDay, calendar: business),
        Row(group: .standard, type: .task, priorities: Priority.allCases, firstResponse: 8 * hour, nextUpdate: nil,
            resolution: 5 * businessDay, calendar: business),
        Row(group: .standard, type: .doubt, priorities: Priority.allCases, firstResponse: 8 * hour, nextUpdate: nil,
            resolution: 3 * businessDay, calendar: business),
        Row(group: .premium, type: .incident, priorities: [.urgent], firstResponse: 1_800, nextUpdate: 1 * hour,
            resolution: 8 * hour, calendar: "24x7"),
        Row(group: .premium, type: .incident, priorities: [.high], firstResponse: 1 * hour, nextUpdate: 2 * hour,
            resolution: 24 * hour, calendar: "24x7"),
        Row(group: .premium, type: .incident, priorities: [.normal, .low], firstResponse: 4 * hour, nextUpdate: nil,
            resolution: 3 * businessDay, calendar: business),
        Row(group: .premium, type: .task, priorities: Priority.allCases, firstResponse: 4 * hour, nextUpdate: nil,
            resolution: 3 * businessDay, calendar: business),
        Row(group: .premium, type: .doubt, priorities: Priority.allCases, firstResponse: 4 * hour, nextUpdate: nil,
            resolution: 2 * businessDay, calendar: business),
    ]

    @Test("the default policy is the SPEC table", arguments: spec)
    func defaults(_ row: Row) {
        for priority in row.priorities {
            let targets = SLAPolicy.default.targets(group: row.group, type: row.type, priority: priority)
            #expect(targets.firstResponse.seconds == row.firstResponse)
            #expect(targets.nextUpdate?.seconds == row.nextUpdate)
            #expect(targets.resolution.seconds == row.resolution)
            #expect(targets.firstResponse.calendar.name == row.calendar)
            #expect(targets.resolution.calendar.name == row.calendar)
        }
    }

    @Test("the default warns at 75 % and 90 %")
    func warnings() {
        #expect(SLAPolicy.default.warningFractions == [0.75, 0.9])
    }

    @Test("plans map to their group; trial has no SLA")
    func plans() {
        #expect(SLAPolicy.default.targets(plan: .trial, type: .doubt, priority: .normal) == nil)
        #expect(SLAPolicy.default.targets(plan: .lite, type: .incident, priority: .urgent)?.firstResponse.seconds == 2 * Self.hour)
        #expect(SLAPolicy.default.targets(plan: .super, type: .incident, priority: .urgent)?.firstResponse.seconds == 1_800)
    }

    @Test("standard hours are business hours; premium urgent incidents run around the clock")
    func deadlines() {
        let friday = Date.at("2027-01-29T17:00:00-03:00")
        let standard = SLAPolicy.default.targets(group: .standard, type: .incident, priority: .urgent)
        // 2 business hours from Friday 17:00: 1h Friday + 1h Monday.
        #expect(standard.firstResponse.deadline(from: friday) == .at("2027-02-01T09:00:00-03:00"))
        // 1bd = 10 business hours: Monday 17:00.
        #expect(standard.resolution.deadline(from: friday) == .at("2027-02-01T17:00:00-03:00"))
        let premium = SLAPolicy.default.targets(group: .premium, type: .incident, priority: .urgent)
        #expect(premium.firstResponse.deadline(from: friday) == .at("2027-01-29T17:30:00-03:00"))
        // 8h on 24×7: Saturday 01:00.
        #expect(premium.resolution.deadline(from: friday) == .at("2027-01-30T01:00:00-03:00"))
        // 75 % of 30 min is 22m30s; 90 % of a 1h next update is 54 min.
        #expect(premium.firstResponse.deadline(from: friday, fraction: 0.75) == .at("2027-01-29T17:22:30-03:00"))
        #expect(premium.nextUpdate?.deadline(from: friday, fraction: 0.9) == .at("2027-01-29T17:54:00-03:00"))
        // 90 % of 2 business hours (7200 s × 0.9 = 6480 s, no rounding noise): Monday 08:48.
        #expect(standard.firstResponse.deadline(from: friday, fraction: 0.9) == .at("2027-02-01T08:48:00-03:00"))
    }

    @Test("the shipped policy file decodes to the default policy")
    func shippedFile() throws {
        let data = try Data(contentsOf: Self.policyFile())
        #expect(try JSONDecoder().decode(SLAPolicy.self, from: data) == SLAPolicy.default)
    }

    @Test("encoding and decoding gives back the same policy")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(SLAPolicy.default)
        #expect(try JSONDecoder().decode(SLAPolicy.self, from: data) == SLAPolicy.default)
    }

    /// The default policy file: `services/sla/policy.json` in the repository, or
    /// `default-policy.json` at the root of a standalone package.
    static func policyFile() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = ["services/sla/policy.json", "default-policy.json"].map { root.appendingPathComponent($0) }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
        }
        return file
    }
}
