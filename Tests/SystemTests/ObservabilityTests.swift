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

        // Prometheus's file_sd targets, as `up` wrote them: one per process, at its ops port.
        let targetsFile = suite.dataDir.appendingPathComponent("prometheus-targets.json")
        let targets = try JSONSerialization.jsonObject(with: Data(contentsOf: targetsFile)) as? [[String: Any]] ?? []
        let listed = Set(targets.flatMap { $0["targets"] as? [String] ?? [] }.map { "http://" + $0 })
        #expect(listed == Set(suite.ops.values), "prometheus-targets.json lists every ops port")

        // The operator's screen reads the same endpoints.
        let status = try ReliabilityTests.supportctl(["status", "--json", "--data-dir", suite.dataDir.path])
        #expect(status.status == 0, "every process ready: \(status.output)")
        let snapshot = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any] ?? [:]
        let processes = snapshot["processes"] as? [[String: Any]] ?? []
        #expect(Set(processes.compactMap { $0["name"] as? String }) == ["bus", "intake", "classification", "sla", "notification"])
        #expect(processes.allSatisfy { $0["ready"] as? Bool == true })
        #expect(processes.allSatisfy { ($0["pid"] as? Int ?? 0) > 0 && ($0["uptimeSeconds"] as? Double ?? -1) >= 0 }, "pid and uptime per process")
        #expect(snapshot["gauges"] is [String: Double], "the sla service's clock census is on the screen")
        #expect((snapshot["counters"] as? [String: Double])?["tickets created"] == Double(sent))
    }

    /// Polls `probe` every 200 ms until it answers, or fails after `seconds`.
    static func eventually<T>(_ seconds: Double, _ what: String, _ probe: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SystemTestError("not within \(Int(seconds)) s: \(what)")
    }

    @Test("intake's backlog and hand-off age rise while classification is stopped, and it turns not ready; both recover when it returns")
    func backlogFollowsDownstream() async throws {
        // A small limit, so eight tickets are enough to cross it.
        let suite = try SuiteProcess(environment: ["OPS_BACKLOG_LIMIT": "5"])
        defer { suite.stop() }
        let intake = try #require(suite.ops["intake"])
        let bus = try #require(suite.ops["bus"])
        let classification = try #require(suite.pids["classification"])
        #expect(try await Self.fetch("\(intake)/health/ready").0 == 200)
        let startedBefore = Self.sample(try await Self.metrics(suite), "supportdesk_sla_events_total", ["topic": "sla.started"])

        kill(classification, SIGSTOP)
        var resumed = false
        defer { if !resumed { kill(classification, SIGCONT) } }
        let sent = 8
        for i in 0..<sent {
            var body = WalkingSkeletonTests.ticket
            body["subject"] = "Backlog \(i): the bot stopped answering"
            #expect(try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", body).0 == 201)
        }
        let (notReady, body) = try await Self.eventually(20, "intake backlog ≥ \(sent) and not ready") { () -> (Int, String)? in
            let backlog = Self.sample(try await Self.fetch("\(intake)/metrics").1, "supportdesk_outbox_backlog")
            let ready = try await Self.fetch("\(intake)/health/ready")
            return backlog >= Double(sent) && ready.0 == 503 ? ready : nil
        }
        #expect(notReady == 503)
        #expect(body.contains("\"backlog\":false"), "the failing check is named: \(body)")
        #expect(body.contains("\"bus\":true") && body.contains("\"store\":true"), "only the backlog fails: \(body)")
        let age = Self.sample(try await Self.fetch("\(intake)/metrics").1, "supportdesk_handoff_oldest_unacknowledged_seconds")
        #expect(age > 0, "the oldest hand-off's age is exported")
        // The broker drops the silent worker after its heartbeats stop and queues the resends.
        let queued = try await Self.eventually(20, "broker queue for classification") { () -> Double? in
            let depth = Self.sample(
                try await Self.fetch("\(bus)/metrics").1, "supportdesk_broker_queue_depth", ["role": "classification"])
            return depth >= 1 ? depth : nil
        }
        #expect(queued >= 1)

        kill(classification, SIGCONT)
        resumed = true
        let recovered = try await Self.eventually(40, "intake backlog 0 and ready again") { () -> Int? in
            let backlog = Self.sample(try await Self.fetch("\(intake)/metrics").1, "supportdesk_outbox_backlog")
            let ready = try await Self.fetch("\(intake)/health/ready").0
            return backlog == 0 && ready == 200 ? ready : nil
        }
        #expect(recovered == 200)
        // Redeliveries may be classified twice (classification is stateless); the sla service
        // deduplicates, so its count is exact: every ticket arrived, once.
        let started = try await Self.eventually(20, "every ticket's clocks started") { () -> Double? in
            let delta = Self.sample(try await Self.metrics(suite), "supportdesk_sla_events_total", ["topic": "sla.started"]) - startedBefore
            return delta >= Double(sent) ? delta : nil
        }
        try await Task.sleep(for: .seconds(1))
        let finalStarted = Self.sample(try await Self.metrics(suite), "supportdesk_sla_events_total", ["topic": "sla.started"]) - startedBefore
        #expect(started == Double(sent) && finalStarted == Double(sent), "no ticket lost or doubled while classification was stopped")
    }

    @Test("one request's trace id, from the HTTP response, is on its ticket's events and on every service's log lines")
    func traceFollowsTicket() async throws {
        let suite = try SuiteProcess(arguments: ["--log-format", "json"])
        defer { suite.stop() }
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys)
        defer { tail.stop() }
        // A subscriber misses what is published before its subscription arrives: warm up first.
        var warmed = false
        for _ in 0..<30 where !warmed {
            _ = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
            warmed = !(await tail.output.wait(seconds: 1) { !$0.isEmpty }).isEmpty
        }
        #expect(warmed, "tail printed nothing")

        // No traceparent sent: intake starts a trace and answers with it.
        let (status, created, headers) = try await WalkingSkeletonTests.post(
            "\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket, headers: [:])
        #expect(status == 201)
        let id = try #require(created["id"] as? String)
        let traceParent = try #require(headers.first(name: "traceparent"), "the response carries its trace context")
        let fields = traceParent.split(separator: "-")
        try #require(fields.count == 4 && fields[1].count == 32)
        let traceID = String(fields[1])

        let expected: Set = ["ticket.received", "ticket.classified", "sla.started", "notification.sent"]
        func events(_ lines: [String]) -> [[String: Any]] {
            lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .filter { $0["ticketId"] as? String == id }
        }
        let lines = await tail.output.wait(seconds: 15) { Set(events($0).compactMap { $0["topic"] as? String }).isSuperset(of: expected) }
        let seen = events(lines)
        #expect(Set(seen.compactMap { $0["topic"] as? String }).isSuperset(of: expected))
        for event in seen {
            let carried = (event["traceParent"] as? String).flatMap { $0.split(separator: "-").dropFirst().first.map(String.init) }
            #expect(carried == traceID, "\(event["topic"] ?? "?") carries the request's trace id")
        }

        // Every service wrote at least one JSON line about this ticket with the same trace id.
        let logs = suite.dataDir.appendingPathComponent("logs")
        for service in ["intake", "classification", "sla", "notification"] {
            let found = try await Self.eventually(10, "\(service) log line with trace \(traceID)") { () -> [String: Any]? in
                let text = (try? String(contentsOf: logs.appendingPathComponent("\(service).log"), encoding: .utf8)) ?? ""
                return text.split(separator: "\n").lazy
                    .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    .first { $0["trace.id"] as? String == traceID && $0["ticket.id"] as? String == id }
            }
            #expect(found["level"] != nil && found["message"] != nil, "\(service): a structured line \(found)")
        }
    }

    @Test("with metrics.enabled=false nothing is recorded, /metrics is empty, and the suite still works and is ready")
    func metricsOff() async throws {
        let suite = try SuiteProcess(environment: ["METRICS_ENABLED": "false"])
        defer { suite.stop() }
        let (status, _) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
        #expect(status == 201)
        for (name, url) in suite.ops {
            #expect(try await Self.fetch("\(url)/health/ready").0 == 200, "\(name) ready")
            #expect(!(try await Self.fetch("\(url)/metrics").1.contains("supportdesk_")), "\(name) records nothing")
        }
    }
}
}
