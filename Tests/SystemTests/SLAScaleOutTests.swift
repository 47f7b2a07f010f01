import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import StoreTesting
import SupportStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #13, the sla part: two sla instances share their clocks on a real PostgreSQL server;
/// one is SIGKILLed while tickets flow; by counting, every clock still fires its warning and its
/// breach, none twice, and both instances did the work.
@Suite struct SLAScaleOutTests {
    static let tickets = 300
    static let rate = 30.0

    /// Every combination on one 24×7 calendar, due within a minute: first response 20 s,
    /// resolution 40 s, one warning at half.
    static let policy = """
        {"warningFractions": [0.5],
         "calendars": [{"name": "24x7", "alwaysOpen": true, "timeZone": "UTC"}],
         "targets": [
           {"group": "standard", "type": "incident", "firstResponse": "20s", "resolution": "40s", "calendar": "24x7"},
           {"group": "standard", "type": "task", "firstResponse": "20s", "resolution": "40s", "calendar": "24x7"},
           {"group": "standard", "type": "doubt", "firstResponse": "20s", "resolution": "40s", "calendar": "24x7"},
           {"group": "premium", "type": "incident", "firstResponse": "20s", "resolution": "40s", "calendar": "24x7"},
           {"group": "premium", "type": "task", "firstResponse": "20s", "resolution": "40s", "calendar": "24x7"},
           {"group": "premium", "type": "doubt", "firstResponse": "20s", "resolution": "40s", "calendar": "24x7"}]}
        """

    @Test("two sla instances on PostgreSQL, one SIGKILLed: every warning and breach fires once", .enabled(if: TestStores.engines.contains(.postgres)))
    func twoInstancesOneKilled() async throws {
        let location = try TestStores.fresh(.postgres)
        let policyFile = FileManager.default.temporaryDirectory.appendingPathComponent("fast-policy-\(UUID().uuidString).json")
        try Data(Self.policy.utf8).write(to: policyFile)
        let suite = try SuiteProcess(sla: 2, arguments: ["--postgres", location.url, "--policy", policyFile.path])
        defer { suite.stop() }
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys, arguments: ["--json", "--topic", "sla."])
        defer { tail.stop() }

        // Submit at a steady rate; SIGKILL one instance a third of the way in (`up` restarts it).
        let submitter = Task { () -> [String] in
            var accepted: [String] = []
            let start = ContinuousClock.now
            for i in 0..<Self.tickets {
                try? await Task.sleep(until: start + .seconds(Double(i) / Self.rate))
                var body = WalkingSkeletonTests.ticket
                body["subject"] = "Scale-out \(i): bot sem resposta"
                if let (status, object) = try? await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", body), status == 201,
                    let id = object["id"] as? String
                {
                    accepted.append(id)
                }
            }
            return accepted
        }
        try await Task.sleep(for: .seconds(Double(Self.tickets) / Self.rate / 3))
        let victim = try #require(suite.pids["sla-1"])
        kill(victim, SIGKILL)
        let accepted = await submitter.value
        #expect(accepted.count == Self.tickets, "intake and the broker were never down")

        // Every ticket: two clocks, both breached (the last breach is 40 s after the last ticket).
        let store = try Store(location, schema: StoreSchema(name: "sla", sqlite: DatabaseMigrator(), postgres: []), logger: .init(label: "test"))
        defer { store.close() }
        var clocks = (tickets: 0, breached: 0)
        let deadline = Date().addingTimeInterval(120)
        repeat {
            try await Task.sleep(for: .seconds(2))
            clocks = try await store.read { db in
                let row = try db.row("SELECT COUNT(*), COALESCE(SUM(breached), 0) FROM ticket_clocks")!
                return (try row.int(0), try row.int(1))
            }
        } while clocks.breached < 2 * accepted.count && Date() < deadline
        #expect(clocks.tickets == accepted.count)
        #expect(clocks.breached == 2 * accepted.count)

        // No firing twice: one event id per ticket, clock and topic among everything published.
        try await Task.sleep(for: .seconds(2))
        var ids: [String: Set<String>] = [:]
        for event in tail.events {
            guard let topic = event["topic"] as? String, topic == "sla.warning" || topic == "sla.breached",
                let ticket = event["ticketId"] as? String, let id = event["id"] as? String,
                let clock = (event["payload"] as? [String: Any])?["clock"] as? [String: Any], let kind = clock["kind"] as? String
            else { continue }
            ids["\(ticket)/\(kind)/\(topic)", default: []].insert(id)
        }
        let doubled = ids.filter { $0.value.count > 1 }
        #expect(doubled.count == 0, "fired more than once, e.g. \(doubled.keys.sorted().prefix(3))")
        #expect(ids.count >= accepted.count * 4 * 9 / 10, "most firings were seen on the bus (publishing is best effort; hand-offs are not)")

        // Intake heard every breach through its hand-offs, and both instances fired clocks.
        let intake = try DatabaseQueue(path: suite.dataDir.appendingPathComponent("intake.sqlite").path)
        let breachedInIntake = try await intake.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket WHERE sla_state = 'breached'") ?? 0
        }
        #expect(breachedInIntake == accepted.count)
        for instance in ["sla-1", "sla-2"] {
            let log = try String(contentsOf: suite.dataDir.appendingPathComponent("logs/\(instance).log"), encoding: .utf8)
            #expect(log.contains("sla.breached"), "\(instance) fired breaches")
        }
        print("sla scale-out: \(accepted.count) tickets, \(clocks.breached) clocks breached, \(ids.count) firings seen, \(doubled.count) doubled; sla-1 (pid \(victim)) SIGKILLed")
    }
}
}
