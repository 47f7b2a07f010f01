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
/// Issue #13's system test: 3 intake, 2 sla and 2 notification instances share one real
/// PostgreSQL server; 2,000 tickets go round-robin to the intakes; one sla and one notification
/// instance are SIGKILLed while tickets flow. By counting: every accepted ticket exists once with
/// a unique number (1…N, no gaps), every clock fired its warning and its breach exactly once,
/// every acknowledgement was delivered once and no delivery was sent twice, and every instance
/// did its share.
@Suite struct ScaleOutTests {
    static let tickets = 2_000
    static let rate = 50.0

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

    @Test(
        "3 intakes, 2 sla, 2 notification on PostgreSQL, one sla and one notification SIGKILLed: every ticket, firing and delivery once",
        .enabled(if: TestStores.engines.contains(.postgres)))
    func twoInstancesOneKilled() async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(.postgres) }
        let policyFile = FileManager.default.temporaryDirectory.appendingPathComponent("fast-policy-\(UUID().uuidString).json")
        try Data(Self.policy.utf8).write(to: policyFile)
        let suite = try SuiteProcess(
            intake: 3, sla: 2, notification: 2, arguments: ["--postgres", location.url, "--policy", policyFile.path])
        defer { suite.stop() }
        let tail = try TailProcess(
            bus: suite.subscribe, keys: suite.keys, arguments: ["--json", "--topic", "sla.", "--topic", "notification.sent"])
        defer { tail.stop() }

        // Submit at a steady rate; SIGKILL one instance of each a third of the way in (`up`
        // restarts them).
        let intakes = suite.intakes
        let submitter = Task { () -> [String] in
            var accepted: [String] = []
            let start = ContinuousClock.now
            for i in 0..<Self.tickets {
                try? await Task.sleep(until: start + .seconds(Double(i) / Self.rate))
                var body = WalkingSkeletonTests.ticket
                body["subject"] = "Scale-out \(i): bot sem resposta"
                if let (status, object) = try? await WalkingSkeletonTests.post("\(intakes[i % intakes.count])/v1/tickets", body), status == 201,
                    let id = object["id"] as? String
                {
                    accepted.append(id)
                }
            }
            return accepted
        }
        try await Task.sleep(for: .seconds(Double(Self.tickets) / Self.rate / 3))
        let victims = [try #require(suite.pids["sla-1"]), try #require(suite.pids["notification-1"])]
        for victim in victims { kill(victim, SIGKILL) }
        let accepted = await submitter.value
        #expect(accepted.count == Self.tickets, "intake and the broker were never down")

        // Every accepted ticket stored once, numbered 1…N for its account with no gap or repeat,
        // though three intakes numbered them.
        let intakeStore = try await TestStores.offPool { try Store(location, schema: StoreSchema(name: "intake", sqlite: DatabaseMigrator(), postgres: []), logger: .init(label: "test")) }
        defer { intakeStore.close() }
        let stored = try await intakeStore.read { db in
            try db.rows("SELECT id, number FROM ticket WHERE account = 'norte-plus'", []).map { (try $0.string(0), try $0.int(1)) }
        }
        #expect(Set(stored.map(\.0)) == Set(accepted) && stored.count == accepted.count, "every accepted ticket exists once")
        #expect(stored.map(\.1).sorted() == Array(1...max(stored.count, 1)), "numbers 1…N, unique, no gaps")

        // Every ticket: two clocks, both breached (the last breach is 40 s after the last ticket).
        let store = try await TestStores.offPool { try Store(location, schema: StoreSchema(name: "sla", sqlite: DatabaseMigrator(), postgres: []), logger: .init(label: "test")) }
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

        // Every ticket acknowledged exactly once as the person sees it (one delivery, in the
        // mailbox), and no delivery sent twice (one `notification.sent` per delivery id).
        let acknowledgements = try ChaosTests.acknowledgements(of: Set(accepted), in: suite.dataDir)
        #expect(acknowledgements.count == accepted.count, "every ticket acknowledged")
        #expect(acknowledgements.values.allSatisfy { $0 == 1 }, "no ticket acknowledged twice")
        var sends: [String: Int] = [:]
        for event in tail.events where event["topic"] as? String == "notification.sent" {
            if let delivery = (event["payload"] as? [String: Any])?["deliveryID"] as? String { sends[delivery, default: 0] += 1 }
        }
        let resent = sends.filter { $0.value > 1 }
        #expect(resent.count == 0, "sent more than once: \(resent.keys.sorted().prefix(3))")

        // Intake heard every breach through its hand-offs, and every instance did its share.
        let breachedInIntake = try await intakeStore.read { db in
            try db.row("SELECT COUNT(*) FROM ticket WHERE sla_state = 'breached'")!.int(0)
        }
        #expect(breachedInIntake == accepted.count)
        let shares = [
            ("intake-1", "ticket created"), ("intake-2", "ticket created"), ("intake-3", "ticket created"), ("sla-1", "sla.breached"),
            ("sla-2", "sla.breached"), ("notification-1", "notification sent"), ("notification-2", "notification sent"),
        ]
        for (instance, work) in shares {
            let log = try String(contentsOf: suite.dataDir.appendingPathComponent("logs/\(instance).log"), encoding: .utf8)
            #expect(log.contains(work), "\(instance) did its share")
        }
        print(
            "scale-out: \(accepted.count) tickets over 3 intakes, numbered 1…\(stored.count), \(clocks.breached) clocks breached, \(ids.count) firings seen, \(doubled.count) doubled; "
                + "\(acknowledgements.count) acknowledged, \(sends.count) deliveries sent, \(resent.count) sent twice; sla-1 and notification-1 SIGKILLed")
    }
}
}
