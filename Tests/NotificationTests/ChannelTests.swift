import Foundation
import SupportBus
import SupportDomain
import SupportRuntime
import Testing

@testable import Notification

@Suite struct MailComposerTests {
    let composer = MailComposer(from: "help@desk.example", fromName: "Central de Ajuda")

    func message(template: String = "ticket.reply", subject: String, body: String = "Olá\n") -> Message {
        Message(
            deliveryID: "01a2-delivery", ticketID: "01a2-ticket", template: template, channel: "email",
            recipient: "nina@norte.example", language: .ptBR, subject: subject, body: body)
    }

    @Test("ASCII subjects stay readable; others become RFC 2047 words of at most 75 characters")
    func encodedWords() {
        #expect(MailComposer.encodedWord("[#12] Resolved: printer") == "[#12] Resolved: printer")
        let long = String(repeating: "Não consigo emitir a nota fiscal 🚨 ", count: 4)
        let encoded = MailComposer.encodedWord(long)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word -> String in
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == long, "split on character boundaries, nothing lost")
        #expect(MailComposer.encodedWord("looks =?like?= a word").hasPrefix("=?UTF-8?B?"))
    }

    @Test("the acknowledgement is the thread's root; every later message replies to it")
    func threading() {
        let root = composer.compose(message(template: "ticket.acknowledgement", subject: "x"))
        #expect(root.contains("\r\nMessage-ID: <ticket-01a2-ticket@desk.example>\r\n"))
        #expect(!root.contains("In-Reply-To"))
        let reply = composer.compose(message(subject: "y"))
        #expect(reply.contains("\r\nMessage-ID: <01a2-delivery@desk.example>\r\n"))
        #expect(reply.contains("\r\nIn-Reply-To: <ticket-01a2-ticket@desk.example>\r\n"))
        #expect(reply.contains("\r\nReferences: <ticket-01a2-ticket@desk.example>\r\n"))
        #expect(reply.contains("\r\nAuto-Submitted: auto-generated\r\n"), "receivers' auto-responders must not answer")
    }

    @Test("bodies go in base64 lines of 76; header injection through the subject is impossible")
    func bodyAndInjection() throws {
        let text = composer.compose(message(subject: "Hi\r\nBcc: everyone@example.com", body: String(repeating: "linha ", count: 100)))
        let (head, body) = try #require(text.range(of: "\r\n\r\n").map { (text[..<$0.lowerBound], text[$0.upperBound...]) })
        #expect(!head.contains("\r\nBcc:"), "a CR LF in the subject must not start a header")
        #expect(body.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test("dot-stuffing doubles leading dots and ends with CRLF")
    func dotStuffing() {
        #expect(SMTPClient.dotStuffed("a\n.b\n..c\n") == "a\r\n..b\r\n...c\r\n")
        #expect(SMTPClient.dotStuffed("x\r\n.\r\ny") == "x\r\n..\r\ny\r\n")
    }
}

@Suite struct WebhookSignatureTests {
    let secret = Array("0123456789abcdef-secret".utf8)

    @Test("a signature verifies; any change to body, timestamp or secret breaks it; old ones are refused")
    func verify() {
        let body = Array("{\"deliveryId\":\"d1\"}".utf8)
        let now = Date()
        let timestamp = Int(now.timeIntervalSince1970)
        let signature = WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret)
        #expect(signature.hasPrefix("v1=") && signature.count == 3 + 64)
        #expect(WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: secret, now: now))
        #expect(!WebhookSignature.verify(body: body + [0x20], timestamp: timestamp, signature: signature, secret: secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp + 1, signature: signature, secret: secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: Array("other".utf8), now: now))
        #expect(!WebhookSignature.verify(
            body: body, timestamp: timestamp, signature: signature, secret: secret, now: now.addingTimeInterval(301)))
    }

    @Test("the documented example: HMAC-SHA256 over \"<timestamp>.<body>\" in hex")
    func knownVector() {
        // Computed independently: printf '1800000000.{}' | openssl dgst -sha256 -hmac 'whsec-example-0000'
        let signature = WebhookSignature.sign(body: Array("{}".utf8), timestamp: 1_800_000_000, secret: Array("whsec-example-0000".utf8))
        #expect(signature == "v1=\(Self.expectedExample)")
    }

    static let expectedExample = "b35b47f9867e84c3f3b95f8fa482da3b5e7ac5775314dbc1500131136dd8eedf"

    /// Receivers verify the signature over the bytes they get, and some compare bodies: the
    /// body is byte for byte what Foundation's encoder wrote with sorted keys and unescaped `/`.
    @Test("a webhook body is the same bytes as Foundation's sorted-key JSON, with and without a ticket")
    func bodyBytes() throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for ticket in ["01a21c74-59d6-71d9-97ef-491deed72ae5", nil] {
            let message = Message(
                deliveryID: "d/1", ticketID: ticket, template: "ticket.reply", channel: "webhook", recipient: "nina@x.example",
                language: .ptBR, subject: "Olá \"quoted\" </b> é 日本 🎉", body: "line\nnext\ttab \\ \u{07} https://x.example/a?b=c")
            let payload = WebhookPayload(message)
            #expect(try WebhookChannel.encoder.encode(payload) == Array(try foundation.encode(payload)))
        }
    }
}

@Suite struct NotificationSettingsTests {
    @Test("secrets come from the environment or a file, never from --set, and errors never show them")
    func secrets() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try "s3cret-from-file-0123\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try ConfigReader(environment: [:], overrides: ["notification.webhook.secretFile": file.path])
        #expect(try fromFile.secret("notification.webhook.secret") == "s3cret-from-file-0123")
        let fromEnvironment = try ConfigReader(environment: ["NOTIFICATION_WEBHOOK_SECRET": "env-secret"])
        #expect(try fromEnvironment.secret("notification.webhook.secret") == "env-secret")
        let onCommandLine = try ConfigReader(environment: [:], overrides: ["notification.webhook.secret": "leaked-on-ps"])
        #expect {
            try onCommandLine.secret("notification.webhook.secret")
        } throws: { error in
            "\(error)".contains("never on the command line") && !"\(error)".contains("leaked-on-ps")
        }
        let missingFile = try ConfigReader(environment: [:], overrides: ["notification.whatsapp.tokenFile": "/nonexistent/token"])
        #expect(throws: ConfigError.self) { try missingFile.secret("notification.whatsapp.token") }
    }

    @Test("a webhook without a long enough secret, or WhatsApp without a token, stops start-up with the key")
    func incomplete() throws {
        #expect {
            try NotificationConfiguration(
                reader: ConfigReader(environment: ["NOTIFICATION_WEBHOOK_URL": "https://hooks.example/x", "NOTIFICATION_WEBHOOK_SECRET": "short"]))
        } throws: { "\($0)".contains("notification.webhook.secret") && !"\($0)".contains("short\"") }
        #expect {
            try NotificationConfiguration(reader: ConfigReader(environment: ["NOTIFICATION_WHATSAPP_BASE_URL": "https://graph.example/v21.0"]))
        } throws: { "\($0)".contains("notification.whatsapp.phoneNumberId") }
    }
}

@Suite struct RoutingTests {
    @Test("WhatsApp and chat are answered where they came from; the portal, e-mail and phone by e-mail")
    func route() {
        #expect(MessageRenderer.route(channel: .whatsapp, email: "a@b.c", phone: "+5511988887777") == ("whatsapp", "+5511988887777"))
        #expect(MessageRenderer.route(channel: .whatsapp, email: "a@b.c", phone: nil) == ("email", "a@b.c"))
        #expect(MessageRenderer.route(channel: .portal, email: "a@b.c", phone: "+1") == ("email", "a@b.c"))
        #expect(MessageRenderer.route(channel: .email, email: nil, phone: nil) == ("email", nil))
        #expect(MessageRenderer.route(channel: .chat, email: "a@b.c", phone: "+1") == ("chat", "a@b.c"))
        #expect(MessageRenderer.route(channel: .phone, email: "a@b.c", phone: "+1") == ("email", "a@b.c"))
    }
}

@Suite struct TemplateLibraryTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("services/notification/templates").path

    @Test("every template renders in every language, with a subject, nothing left unrendered and nothing HTML-escaped")
    func allTemplates() throws {
        let library = try TemplateLibrary(folder: Self.folder)
        let context: [String: Any] = [
            "number": 42, "subject": "Bot <b>fora</b> & \"parado\"", "requesterName": "Nina", "due": "2026-11-27 09:00 (America/Sao_Paulo)",
            "message": "Seu plano não inclui suporte.", "body": "Olá!", "account": "norte-plus", "priority": "urgent",
            "clock": "resolution", "percent": 75, "count": 2,
            "items": [["subject": "a", "excerpt": "  x"], ["subject": "b", "excerpt": "  y"]],
        ]
        for name in TemplateLibrary.names {
            for language in Language.allCases {
                let (subject, body) = library.render(name, language: language, context)
                #expect(!subject.isEmpty && !subject.contains("{{") && !body.contains("{{"), "\(name).\(language.rawValue)")
                #expect(!subject.contains("&lt;") && !body.contains("&amp;"), "plain text, not HTML: \(name).\(language.rawValue)")
            }
        }
        let (subject, body) = library.render("ticket.acknowledgement", language: .ptBR, context)
        #expect(subject == "[#42] Recebemos seu ticket: Bot <b>fora</b> & \"parado\"")
        #expect(body.hasPrefix("Olá Nina,\n\n"))
        #expect(body.contains("até 2026-11-27 09:00 (America/Sao_Paulo)"))
    }

    @Test("a missing language file stops start-up naming the file")
    func missing() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Self.folder, toPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("ticket.reply.es.mustache"))
        #expect { try TemplateLibrary(folder: copy.path) } throws: { "\($0)".contains("ticket.reply.es.mustache") }
        try "no subject here".write(to: copy.appendingPathComponent("ticket.reply.es.mustache"), atomically: true, encoding: .utf8)
        #expect { try TemplateLibrary(folder: copy.path) } throws: { "\($0)".contains("Subject") }
    }
}

@Suite struct EscalationHoursTests {
    let agent = Agent(id: "a-diego", name: "Diego", email: "diego@x.example", team: "l1", lead: true, timeZone: "America/Sao_Paulo")

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("a non-urgent escalation waits for the agent's next working minute; an urgent one goes at once")
    func workingHours() throws {
        // Saturday noon UTC → Monday 09:00 in São Paulo (12:00 UTC).
        #expect(MessageRenderer.notBefore(agent: agent, priority: .normal, at: utc("2026-11-28T12:00:00Z")) == utc("2026-11-30T12:00:00Z"))
        #expect(MessageRenderer.notBefore(agent: agent, priority: .urgent, at: utc("2026-11-28T12:00:00Z")) == nil)
        // Thursday 12:00 in São Paulo is working time: at once.
        #expect(MessageRenderer.notBefore(agent: agent, priority: .high, at: utc("2026-11-26T15:00:00Z")) == nil)
        // Own hours, in the calendar file's format: this agent works nights.
        var night = agent
        night.hours = try WeeklyHours([.mon, .tue, .wed, .thu, .fri, .sat, .sun], [WallClockInterval("22:00", "23:59")])
        #expect(MessageRenderer.notBefore(agent: night, priority: .low, at: utc("2026-11-26T15:00:00Z")) == utc("2026-11-27T01:00:00Z"))
    }
}

@Suite struct CircuitBreakerTests {
    @Test("five transient failures open the circuit; it waits, probes once, and closes on success or waits twice as long")
    func breaker() {
        let breaker = CircuitBreaker(threshold: 5, cooldown: 10, maximumCooldown: 300)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for i in 0..<4 {
            #expect(breaker.admit("hook", now: start) == nil)
            #expect(!breaker.record("hook", success: false, now: start.addingTimeInterval(Double(i))))
        }
        #expect(breaker.record("hook", success: false, now: start), "the fifth failure opens it")
        #expect(breaker.admit("hook", now: start.addingTimeInterval(5)) != nil, "open: deliveries wait")
        #expect(breaker.admit("other", now: start.addingTimeInterval(5)) == nil, "per destination")
        #expect(breaker.admit("hook", now: start.addingTimeInterval(11)) == nil, "after the cooldown one probe goes")
        #expect(breaker.admit("hook", now: start.addingTimeInterval(11)) != nil, "and only one")
        #expect(breaker.record("hook", success: false, now: start.addingTimeInterval(12)), "a failed probe opens it again")
        #expect(breaker.admit("hook", now: start.addingTimeInterval(12 + 15)) != nil, "for twice as long (20 s)")
        #expect(breaker.admit("hook", now: start.addingTimeInterval(12 + 21)) == nil)
        breaker.record("hook", success: true, now: start.addingTimeInterval(33))
        #expect(breaker.admit("hook", now: start.addingTimeInterval(33)) == nil)
        #expect(breaker.open(now: start.addingTimeInterval(33)).isEmpty)
    }
}

@Suite struct RefusalRoutingTests {
    @Test("a refusal goes back on the channel the requester used, in their language")
    func refusalOnWhatsApp() throws {
        let renderer = MessageRenderer(
            directory: Directory(supportEmail: "help@x.example", accounts: [], users: []), templates: try TemplateLibrary(folder: TemplateLibraryTests.folder))
        let rejected = TicketRejected(
            account: "acme-trial", requester: "u-tina", requesterEmail: "tina@acme.example", requesterPhone: "+44 20 7946 0000",
            channel: .whatsapp, reason: .planNotEntitled, language: .es, message: "Su plan no incluye soporte.", subject: "Ayuda")
        let message = try #require(renderer.refusal(rejected, eventID: "01a2-event"))
        #expect(message.channel == "whatsapp")
        #expect(message.recipient == "+44 20 7946 0000")
        #expect(message.subject == "No pudimos abrir su ticket: Ayuda")
        #expect(message.body.contains("Su plan no incluye soporte."))
    }
}
