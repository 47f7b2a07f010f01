import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #3's system test: one ticket through reply, pending, customer answer, resolve and
/// reopen over HTTP, with the sla service killed (SIGKILL) and restarted by `supportctl up` in
/// the middle; every SLA event appears once.
@Suite struct SLALifecycleTests {
    typealias W = WalkingSkeletonTests

    static func post(_ url: String, _ body: [String: Any]) async throws -> (Int, [String: Any]) {
        try await W.post(url, body)
    }

    @Test("clocks follow the ticket's life cycle across an sla crash, each event once")
    func lifecycleAcrossCrash() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys, arguments: ["--json", "--topic", "sla.", "--topic", "ticket."])
        defer { tail.stop() }
        var warmed = false
        for _ in 0..<30 where !warmed {
            _ = try await W.post("\(suite.http)/v1/tickets", W.ticket)
            warmed = !(await tail.output.wait(seconds: 1) { !$0.isEmpty }).isEmpty
        }
        try #require(warmed)

        var ticket = W.ticket
        ticket["subject"] = "How do I change the greeting message of my bot?"
        ticket["description"] = "I would like to know where to configure the welcome text shown to customers."
        ticket["type"] = "doubt"
        let (status, created) = try await W.post("\(suite.http)/v1/tickets", ticket)
        try #require(status == 201)
        let id = try #require(created["id"] as? String)
        let base = "\(suite.http)/v1/tickets/\(id)"

        func events() -> [(topic: String, kind: String?)] {
            tail.events.filter { $0["ticketId"] as? String == id }.map { event in
                let payload = event["payload"] as? [String: Any]
                let clock = payload?["clock"] as? [String: Any]
                return (event["topic"] as? String ?? "", clock?["kind"] as? String)
            }
        }
        func waitFor(_ topic: String, _ kind: String?, count: Int = 1) async -> Bool {
            let lines = await tail.output.wait(seconds: 25) { _ in
                events().filter { $0.topic == topic && $0.kind == kind }.count >= count
            }
            _ = lines
            return events().filter { $0.topic == topic && $0.kind == kind }.count >= count
        }

        #expect(await waitFor("sla.started", nil))
        #expect(try await Self.post("\(base)/replies", ["author": "agent", "body": "Hi! Which bot is it?"]).0 == 201)
        #expect(await waitFor("sla.met", "firstResponse"))

        // Kill the sla service the hard way; `supportctl up` restarts it.
        let slaPID = try #require(suite.pids["sla"])
        kill(slaPID, SIGKILL)

        #expect(try await Self.post("\(base)/status", ["status": "pending"]).0 == 200)
        #expect(await waitFor("sla.paused", "resolution"), "the restarted sla service got the update")
        #expect(try await Self.post("\(base)/replies", ["author": "customer", "body": "The sales bot."]).0 == 201)
        #expect(await waitFor("sla.resumed", "resolution"))
        #expect(try await Self.post("\(base)/status", ["status": "resolved"]).0 == 200)
        #expect(await waitFor("sla.met", "resolution"))
        #expect(try await Self.post("\(base)/replies", ["author": "customer", "body": "It happened again."]).0 == 201)
        #expect(await waitFor("sla.resumed", "resolution", count: 2), "reopening resumes the resolution clock")

        // A moment for any duplicate to show up, then count.
        try await Task.sleep(for: .seconds(3))
        let seen = events()
        func count(_ topic: String, _ kind: String? = nil) -> Int { seen.filter { $0.topic == topic && $0.kind == kind }.count }
        #expect(count("sla.started") == 1)
        #expect(count("sla.met", "firstResponse") == 1)
        #expect(count("sla.paused", "resolution") == 1)
        #expect(count("sla.resumed", "resolution") == 2)
        #expect(count("sla.met", "resolution") == 1)
        #expect(count("ticket.updated") == 5)

        let view = try await W.get("\(base)/sla")
        let clocks = view["clocks"] as? [[String: Any]] ?? []
        let resolution = clocks.first { $0["kind"] as? String == "resolution" }
        #expect(resolution?["state"] as? String == "running")
        #expect((resolution?["dueAtLocal"] as? String)?.hasSuffix("-03:00") == true)
        let first = clocks.first { $0["kind"] as? String == "firstResponse" }
        #expect(first?["met"] as? Bool == true)
    }
}
}
