import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import NIOHTTP1
import Testing

extension EndToEnd {
/// Issue #9, WhatsApp and chat in: webhooks as the platforms send them, signed and badly
/// signed, mapped to directory users, continuing an open conversation's ticket.
@Suite struct MessagingIntakeTests {
    /// HMAC-SHA256 by Python's hmac module: an implementation independent of ours.
    static func sign(_ body: Data, secret: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("body-\(UUID().uuidString)")
        try body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "-c", "import hmac,hashlib,sys; print('sha256=' + hmac.new(sys.argv[1].encode(), open(sys.argv[2],'rb').read(), hashlib.sha256).hexdigest())",
            secret, file.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func post(_ url: String, _ body: Data, header: String, signature: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: header, value: signature)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    static func whatsApp(id: String, from: String, text: String) -> Data {
        Data("""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
            "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
            "contacts":[{"profile":{"name":"Grace"},"wa_id":"\(from)"}],
            "messages":[{"from":"\(from)","id":"\(id)","timestamp":"1764150000","text":{"body":"\(text)"},"type":"text"}]},
            "field":"messages"}]}]}
            """.utf8)
    }

    @Test("WhatsApp: handshake, signed messages open then continue a ticket, repeats and bad signatures change nothing; chat the same")
    func webhooks() async throws {
        let appSecret = "app-secret-\(UUID().uuidString)"
        let chatSecret = "chat-secret-\(UUID().uuidString)"
        // The chat platform's message API, where answers to chat requesters go.
        let chatSent = FileManager.default.temporaryDirectory.appendingPathComponent("chat-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: chatSent) }
        let chatAPI = try ScriptProcess("http-receiver.py", [chatSent.path])
        defer { chatAPI.stop() }
        let suite = try SuiteProcess(environment: [
            "WHATSAPP_VERIFY_TOKEN": "verify-me", "WHATSAPP_APP_SECRET": appSecret, "CHAT_SECRET": chatSecret,
            "NOTIFICATION_CHAT_BASE_URL": "http://127.0.0.1:\(chatAPI.port)", "NOTIFICATION_CHAT_KEY": "bot-key-123",
        ])
        defer { suite.stop() }
        let database = try DatabaseQueue(path: suite.dataDir.appendingPathComponent("intake.sqlite").path)
        let hook = "\(suite.http)/channels/whatsapp/webhook"

        // Meta's verification handshake.
        var handshake = HTTPClientRequest(url: "\(hook)?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")
        handshake.method = .GET
        let answer = try await HTTPClient.shared.execute(handshake, timeout: .seconds(10))
        #expect(answer.status.code == 200)
        #expect(String(buffer: try await answer.body.collect(upTo: 1024)) == "1158201444")
        var wrong = HTTPClientRequest(url: "\(hook)?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
        wrong.method = .GET
        #expect(try await HTTPClient.shared.execute(wrong, timeout: .seconds(10)).status.code == 403)

        // Grace (globex-super) writes twice; the second message continues the first ticket.
        let first = Self.whatsApp(id: "wamid.A1", from: "14155550100", text: "Checkout bot is down")
        #expect(try await Self.post(hook, first, header: "X-Hub-Signature-256", signature: try Self.sign(first, secret: appSecret)) == 200)
        #expect(try await Self.post(hook, first, header: "X-Hub-Signature-256", signature: try Self.sign(first, secret: appSecret)) == 200)
        let second = Self.whatsApp(id: "wamid.A2", from: "14155550100", text: "Still down after the restart")
        #expect(try await Self.post(hook, second, header: "X-Hub-Signature-256", signature: try Self.sign(second, secret: appSecret)) == 200)
        let forged = Self.whatsApp(id: "wamid.F1", from: "14155550100", text: "forged")
        #expect(try await Self.post(hook, forged, header: "X-Hub-Signature-256", signature: try Self.sign(forged, secret: "not-the-secret")) == 401)
        let stranger = Self.whatsApp(id: "wamid.S1", from: "4930123456789", text: "who is this")
        #expect(try await Self.post(hook, stranger, header: "X-Hub-Signature-256", signature: try Self.sign(stranger, secret: appSecret)) == 200)

        let (tickets, replies) = try await database.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT json_extract(body, '$.channel'), json_extract(body, '$.subject') FROM ticket").map {
                    [$0[0] as String?, $0[1] as String?]
                },
                try String.fetchAll(db, sql: "SELECT body FROM reply ORDER BY created_at")
            )
        }
        #expect(tickets.count == 1, "one ticket: the repeat, the forgery and the stranger open nothing")
        #expect(tickets.first == ["whatsapp", "Checkout bot is down"])
        #expect(replies == ["Still down after the restart"])

        // Chat: Sofía (andes-enterprise) opens a chat ticket; a badly signed one is refused.
        let chat = Data(#"{"id":"blip-1","from":"sofia@andes.example","type":"text/plain","content":"El bot no responde"}"#.utf8)
        let chatHook = "\(suite.http)/channels/chat/webhook"
        #expect(try await Self.post(chatHook, chat, header: "X-Chat-Signature-256", signature: try Self.sign(chat, secret: chatSecret)) == 200)
        #expect(try await Self.post(chatHook, chat, header: "X-Chat-Signature-256", signature: "sha256=00") == 401)
        let chats = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT json_extract(body, '$.channel') FROM ticket WHERE json_extract(body, '$.channel') = 'chat'")
        }
        #expect(chats.count == 1)

        // Tina's trial plan has no chat support: refused, and told so in the chat, not by e-mail.
        let refused = Data(#"{"id":"blip-2","from":"tina@acme-trial.example","type":"text/plain","content":"Help please"}"#.utf8)
        #expect(try await Self.post(chatHook, refused, header: "X-Chat-Signature-256", signature: try Self.sign(refused, secret: chatSecret)) == 200)
        let answers = try await NotificationChannelsTests.waitFor(chatSent, count: 2, seconds: 30)
        let contents = answers.compactMap { record -> [String: Any]? in
            try? JSONSerialization.jsonObject(with: Data((record["body"] as? String ?? "").utf8)) as? [String: Any]
        }
        #expect(answers.allSatisfy { ($0["headers"] as? [String: String])?["authorization"] == "Key bot-key-123" })
        #expect(contents.contains { $0["to"] as? String == "sofia@andes.example" && ($0["content"] as? String ?? "").contains("Recibimos su ticket") })
        #expect(contents.contains { $0["to"] as? String == "tina@acme-trial.example" && ($0["content"] as? String ?? "").contains("We could not open your ticket") })
    }
}
}
