import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #6: a burst becomes one digest; a SIGKILL mid-delivery resends under the same
/// Message-ID; a permanent refusal is a dead delivery an operator lists and replays.
@Suite struct NotificationResilienceTests {
    static func smtpSuite(_ arguments: [String], environment: [String: String] = [:]) throws -> (ScriptProcess, URL, SuiteProcess, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mails = folder.appendingPathComponent("smtp.jsonl")
        let smtp = try ScriptProcess("smtp-sink.py", [mails.path] + arguments)
        let suite = try SuiteProcess(
            environment: [
                "NOTIFICATION_SMTP_HOST": "127.0.0.1", "NOTIFICATION_SMTP_PORT": "\(smtp.port)",
                "NOTIFICATION_SMTP_FROM": "help@desk.example",
            ].merging(environment) { _, new in new })
        return (smtp, mails, suite, folder)
    }

    /// `supportctl notifications list --status STATUS --json` against the suite's store.
    static func deliveries(_ suite: SuiteProcess, status: String) throws -> [[String: Any]] {
        let listed = try ReliabilityTests.supportctl([
            "notifications", "list", "--status", status, "--json", "--store",
            suite.dataDir.appendingPathComponent("notification.sqlite").path,
        ])
        return try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
    }

    @Test("a burst of agent replies becomes: the first messages, then one digest with the rest; none is lost")
    func digest() async throws {
        let (smtp, mails, suite, folder) = try Self.smtpSuite(
            [], environment: ["NOTIFICATION_DIGEST_LIMIT": "2", "NOTIFICATION_DIGEST_DELAY_SECONDS": "2"])
        defer {
            suite.stop()
            smtp.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let (status, created) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
        #expect(status == 201)
        let id = try #require(created["id"] as? String)
        _ = try await NotificationChannelsTests.waitFor(mails, count: 1, seconds: 30)
        let replies = (1...8).map { "Resposta número \($0) do atendente." }
        for reply in replies {
            let (code, _) = try await WalkingSkeletonTests.post(
                "\(suite.http)/v1/tickets/\(id)/replies", ["author": "agent", "public": true, "body": reply])
            #expect(code == 201)
        }
        // acknowledgement + 1 reply reach the limit of 2; the other 7 replies wait for the digest.
        let received = try await NotificationChannelsTests.waitFor(mails, count: 3, seconds: 30)
        try await Task.sleep(for: .seconds(3))
        let all = ScriptProcess.records(mails)
        #expect(all.count == 3, "acknowledgement, one reply, one digest: \(all.map { $0["subject"] ?? "" })")
        let digest = try #require(received.last)
        #expect(digest["subject"] as? String == "[SupportDesk] 7 atualizações em uma mensagem")
        let text = all.compactMap { $0["body"] as? String }.joined(separator: "\n")
        for reply in replies { #expect(text.contains(reply), "\(reply) reached the person") }
        #expect(try Self.deliveries(suite, status: "digested").count == 7)
    }

    @Test("notification killed with SIGKILL mid-delivery resends under the same Message-ID, and records it sent once")
    func sigkillMidDelivery() async throws {
        let (smtp, mails, suite, folder) = try Self.smtpSuite(["--delay-first", "1", "--delay", "4"])
        defer {
            suite.stop()
            smtp.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let (status, created) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
        #expect(status == 201)
        let id = try #require(created["id"] as? String)
        // The server has the whole message and holds back its 250: kill the sender now.
        _ = try await NotificationChannelsTests.waitFor(mails, count: 1, seconds: 30)
        let pid = try #require(suite.pids["notification"])
        kill(pid, SIGKILL)
        let again = try await NotificationChannelsTests.waitFor(mails, count: 2, seconds: 40)
        let ids = Set(again.compactMap { $0["messageId"] as? String })
        #expect(ids == ["<ticket-\(id)@desk.example>"], "both copies carry one Message-ID, which mail clients deduplicate")
        try await Task.sleep(for: .seconds(5))
        #expect(ScriptProcess.records(mails).count == 2, "resent once, not again after the 250")
        let rows = try Self.deliveries(suite, status: "sent")
        #expect(rows.filter { $0["template"] as? String == "ticket.acknowledgement" }.count == 1)
    }

    @Test("a permanent refusal is dead at once, listed, and delivered after replay")
    func deadAndReplay() async throws {
        let (smtp, mails, suite, folder) = try Self.smtpSuite(["--reject-first", "1"])
        defer {
            suite.stop()
            smtp.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let store = suite.dataDir.appendingPathComponent("notification.sqlite").path
        let (status, _) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
        #expect(status == 201)
        var dead: [[String: Any]] = []
        for _ in 0..<100 where dead.isEmpty {
            try await Task.sleep(for: .milliseconds(200))
            dead = try Self.deliveries(suite, status: "dead")
        }
        let entry = try #require(dead.first)
        #expect(entry["attempts"] as? Int == 1, "a 550 is not retried")
        #expect((entry["lastError"] as? String)?.contains("550") == true)
        let replay = try ReliabilityTests.supportctl(["notifications", "replay", "--all", "--store", store])
        #expect(replay.status == 0)
        let delivered = try await NotificationChannelsTests.waitFor(mails, count: 1, seconds: 10)
        #expect(delivered.first?["messageId"] as? String != nil)
    }
}
}
