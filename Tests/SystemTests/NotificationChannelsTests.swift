import Foundation
import Testing

extension EndToEnd {
/// Issue #6: notifications leave by real SMTP, the WhatsApp Cloud API and signed webhooks, in
/// the requester's language, threaded, and retried when the receiver fails.
@Suite struct NotificationChannelsTests {
    @Test("e-mail over SMTP threads a ticket's messages; WhatsApp answers WhatsApp; webhooks are signed and retried")
    func channels() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("channels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mails = folder.appendingPathComponent("smtp.jsonl")
        let whatsApp = folder.appendingPathComponent("whatsapp.jsonl")
        let hooks = folder.appendingPathComponent("webhook.jsonl")
        let secret = "whsec-\(UUID().uuidString)"
        let secretFile = folder.appendingPathComponent("webhook.secret")
        try (secret + "\n").write(to: secretFile, atomically: true, encoding: .utf8)
        // The SMTP server refuses the first message with 451 and the webhook the first two
        // requests with 503: both must be retried, not lost.
        let smtp = try ScriptProcess("smtp-sink.py", [mails.path, "--fail-first", "1"])
        defer { smtp.stop() }
        let cloud = try ScriptProcess("http-receiver.py", [whatsApp.path])
        defer { cloud.stop() }
        let webhook = try ScriptProcess("http-receiver.py", [hooks.path, "--fail-first", "2", "--secret", secret])
        defer { webhook.stop() }
        let whatsAppToken = "EAAG-test-\(UUID().uuidString)"
        let suite = try SuiteProcess(environment: [
            "NOTIFICATION_SMTP_HOST": "127.0.0.1", "NOTIFICATION_SMTP_PORT": "\(smtp.port)",
            "NOTIFICATION_SMTP_FROM": "help@desk.example",
            "NOTIFICATION_WHATSAPP_BASE_URL": "http://127.0.0.1:\(cloud.port)/v21.0",
            "NOTIFICATION_WHATSAPP_PHONE_NUMBER_ID": "1098765", "NOTIFICATION_WHATSAPP_TOKEN": whatsAppToken,
            "NOTIFICATION_WEBHOOK_URL": "http://127.0.0.1:\(webhook.port)/hooks/supportdesk",
            "NOTIFICATION_WEBHOOK_SECRET_FILE": secretFile.path,
        ])
        defer { suite.stop() }

        // A portal ticket from Nina (pt-BR): acknowledged by e-mail, then an agent reply.
        var body = WalkingSkeletonTests.ticket
        body["subject"] = "Não consigo emitir a nota fiscal"
        let (status, created) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", body)
        #expect(status == 201)
        let ticketID = try #require(created["id"] as? String)
        let number = try #require(created["number"] as? Int)
        let acknowledged = try await Self.waitFor(mails, count: 1, seconds: 30)
        let first = try #require(acknowledged.first)
        #expect(first["rcptTo"] as? [String] == ["nina@norte.example"])
        #expect(first["subject"] as? String == "[#\(number)] Recebemos seu ticket: Não consigo emitir a nota fiscal")
        #expect(first["messageId"] as? String == "<ticket-\(ticketID)@desk.example>")
        #expect((first["body"] as? String)?.contains("Olá Nina Costa") == true, "\(first["body"] ?? "")")
        #expect(first["autoSubmitted"] as? String == "auto-generated")
        #expect(first["contentLanguage"] as? String == "pt-BR")
        #expect((first["defects"] as? [String])?.isEmpty == true, "Python's parser found MIME defects: \(first["defects"] ?? "")")

        let reply = try await WalkingSkeletonTests.post(
            "\(suite.http)/v1/tickets/\(ticketID)/replies", ["author": "agent", "public": true, "body": "Olá! Qual é o número da nota?"])
        #expect(reply.0 == 201)
        let thread = try await Self.waitFor(mails, count: 2, seconds: 30)
        let second = try #require(thread.last)
        #expect(second["subject"] as? String == "[#\(number)] Nova resposta: Não consigo emitir a nota fiscal")
        #expect(second["inReplyTo"] as? String == "<ticket-\(ticketID)@desk.example>", "threads under the acknowledgement")
        #expect(second["references"] as? String == "<ticket-\(ticketID)@desk.example>")
        #expect((second["body"] as? String)?.contains("Qual é o número da nota?") == true)
        #expect(second["messageId"] as? String != first["messageId"] as? String)

        // A WhatsApp ticket from Grace (en): the answer goes back over the Cloud API.
        let (whatsAppStatus, whatsAppTicket) = try await WalkingSkeletonTests.post(
            "\(suite.http)/v1/tickets",
            [
                "account": "globex-super", "requester": "grace@globex.example", "channel": "whatsapp",
                "subject": "Checkout bot is down", "description": "Nobody gets an answer from the checkout bot since 9am.",
            ])
        #expect(whatsAppStatus == 201)
        let sent = try await Self.waitFor(whatsApp, count: 1, seconds: 30)
        let message = try #require(sent.first)
        #expect(message["path"] as? String == "/v21.0/1098765/messages")
        let headers = message["headers"] as? [String: String] ?? [:]
        #expect(headers["authorization"] == "Bearer \(whatsAppToken)")
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data((message["body"] as? String ?? "").utf8)) as? [String: Any])
        #expect(payload["messaging_product"] as? String == "whatsapp")
        #expect(payload["to"] as? String == "14155550100")
        let text = (payload["text"] as? [String: Any])?["body"] as? String ?? ""
        #expect(text.contains("We received your ticket #\(whatsAppTicket["number"] as? Int ?? -1)"), "\(text)")

        // Every message also reached the webhook, signed, after the receiver's two failures.
        let expected = 3
        let calls = try await Self.waitFor(hooks, count: expected + 2, seconds: 40) { records in
            Set(records.filter { $0["answered"] as? Int == 200 }.compactMap { ($0["headers"] as? [String: String])?["x-supportdesk-delivery"] }).count
                >= expected
        }
        #expect(calls.allSatisfy { $0["signatureValid"] as? Bool == true }, "every webhook request verifies with Python's hmac")
        #expect(calls.prefix(2).allSatisfy { $0["answered"] as? Int == 503 })
        let delivered = calls.filter { $0["answered"] as? Int == 200 }
        let ids = delivered.compactMap { ($0["headers"] as? [String: String])?["x-supportdesk-delivery"] }
        #expect(Set(ids).count == ids.count, "each delivery succeeded once: \(ids)")
        let retried = Set(calls.prefix(2).compactMap { ($0["headers"] as? [String: String])?["x-supportdesk-delivery"] })
        #expect(retried.isSubset(of: Set(ids)), "the failed deliveries were retried until they succeeded")
        let templates = delivered.compactMap {
            (try? JSONSerialization.jsonObject(with: Data(($0["body"] as? String ?? "").utf8)) as? [String: Any])?["template"] as? String
        }
        #expect(templates.filter { $0 == "ticket.acknowledgement" }.count == 2)
        #expect(templates.contains("ticket.reply"))
    }

    /// Waits until `file` holds `count` records (or `done` says so); returns them.
    static func waitFor(
        _ file: URL, count: Int, seconds: Double, done: (([[String: Any]]) -> Bool)? = nil
    ) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        var records: [[String: Any]] = []
        while Date() < deadline {
            records = ScriptProcess.records(file)
            if records.count >= count && (done?(records) ?? true) { return records }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SystemTestError("\(file.lastPathComponent): \(records.count) records after \(Int(seconds)) s, expected \(count)")
    }
}
}
