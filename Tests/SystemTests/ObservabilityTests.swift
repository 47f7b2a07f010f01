import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #12 (in part): every process's metrics and health, scraped from the running suite.
@Suite struct ObservabilityTests {
    /// The value of one sample line (`name{labels} value`), 0 when absent.
    static func sample(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
            let matches = labels.allSatisfy { line.contains("\($0.key)=\"\($0.value)\"") }
            guard matches, let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            let series = line.prefix { $0 != " " && $0 != "{" }
            if series == name { total += value }
        }
        return total
    }

    static func fetch(_ url: String) async throws -> (Int, String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    static func metrics(_ suite: SuiteProcess) async throws -> String {
        var all = ""
        for url in suite.ops.values { all += try await fetch("\(url)/metrics").1 + "\n" }
        return all
    }

    @Test("every process serves metrics and health; the counters move by exactly the tickets sent")
    func countersMove() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        #expect(Set(suite.ops.keys) == ["bus", "intake", "classification", "sla", "notification"])
        for (name, url) in suite.ops {
            let (live, _) = try await Self.fetch("\(url)/health/live")
            #expect(live == 200, "\(name) live")
            let (ready, body) = try await Self.fetch("\(url)/health/ready")
            #expect(ready == 200, "\(name) ready: \(body)")
        }
        let before = try await Self.metrics(suite)
        let sent = 7
        for i in 0..<sent {
            var body = WalkingSkeletonTests.ticket
            body["subject"] = "Metrics \(i): the bot stopped answering"
            let (status, _) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", body)
            #expect(status == 201)
        }
        // Wait until every step has counted every ticket (processes are scraped one after the
        // other, so one scrape can catch an earlier step behind a later one).
        var after = before
        let deadline = Date().addingTimeInterval(30)
        func delta(_ name: String, _ labels: [String: String] = [:]) -> Double {
            Self.sample(after, name, labels) - Self.sample(before, name, labels)
        }
        while Date() < deadline {
            after = try await Self.metrics(suite)
            let counted = [
                delta("supportdesk_tickets_created_total"), delta("supportdesk_tickets_classified_total"),
                delta("supportdesk_sla_events_total", ["topic": "sla.started"]),
                delta("supportdesk_notification_deliveries_total", ["outcome": "sent"]),
            ]
            if counted.allSatisfy({ $0 >= Double(sent) }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(delta("supportdesk_tickets_created_total", ["channel": "portal"]) == Double(sent))
        #expect(delta("supportdesk_tickets_classified_total") == Double(sent))
        #expect(delta("supportdesk_sla_events_total", ["topic": "sla.started"]) == Double(sent))
        #expect(delta("supportdesk_notification_deliveries_total", ["channel": "email", "outcome": "sent"]) == Double(sent))
        #expect(after.contains("supportdesk_outbox_backlog"), "hand-off backlogs are exported")

        // The operator's screen reads the same endpoints.
        let status = try ReliabilityTests.supportctl(["status", "--json", "--data-dir", suite.dataDir.path])
        #expect(status.status == 0, "every process ready: \(status.output)")
        let snapshot = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any] ?? [:]
        let processes = snapshot["processes"] as? [[String: Any]] ?? []
        #expect(Set(processes.compactMap { $0["name"] as? String }) == ["bus", "intake", "classification", "sla", "notification"])
        #expect(processes.allSatisfy { $0["ready"] as? Bool == true })
        #expect((snapshot["counters"] as? [String: Double])?["tickets created"] == Double(sent))
    }
}
}
