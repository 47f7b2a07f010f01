import Foundation
import GRDB
import SupportRuntime
import Testing

extension EndToEnd {
/// Issue #9, e-mail in: real mail over SMTP (Python's smtplib) to intake's listener opens
/// tickets, threads replies, ignores machines and strangers, and refuses what it cannot read.
@Suite struct EmailIntakeTests {
    struct Sent { let code: Int; let message: String }

    static func send(_ port: Int, _ message: String, from sender: String, folder: URL) throws -> Sent {
        let file = folder.appendingPathComponent("mail-\(UUID().uuidString).eml")
        try Data(message.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: file)
        return try relay(port, file: file, from: sender)
    }

    /// Hands one raw message file to intake's listener with smtplib (scripts/smtp-send.py), as
    /// an MTA would, and returns the server's answer.
    static func relay(_ port: Int, file: URL, from sender: String) throws -> Sent {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            SuiteProcess.repositoryRoot.appendingPathComponent("scripts/smtp-send.py").path, "127.0.0.1", "\(port)", file.path,
            "--from", sender,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Sent(code: object["code"] as? Int ?? 0, message: object["message"] as? String ?? "exit \(process.terminationStatus)")
    }

    static func ticketID(_ sent: Sent) -> String? {
        sent.message.split(separator: " ").first { $0.count > 30 && $0.contains("-") }.map(String.init)
    }

    @Test("mail opens a ticket, a reply threads by header and by [#number], machines and strangers are dropped, bad mail is refused")
    func emailChannel() async throws {
        let port = try FreePorts.find(count: 1)
        let suite = try SuiteProcess(environment: ["EMAIL_SMTP_PORT": "\(port)"])
        defer { suite.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mail-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try DatabaseQueue(path: suite.dataDir.appendingPathComponent("intake.sqlite").path)
        func tickets() async throws -> Int {
            try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket") ?? 0 }
        }

        // A new ticket: RFC 2047 subject, multipart/alternative in quoted-printable, an attachment.
        let firstMail = """
            From: =?UTF-8?Q?Nina_Costa?= <nina@norte.example>
            To: support@desk.example
            Subject: =?UTF-8?Q?Bot_n=C3=A3o_responde_no_WhatsApp?=
            Message-ID: <first-\(UUID().uuidString)@norte.example>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Desde as 10h o bot n=C3=A3o responde a nenhum cliente.
            --inner
            Content-Type: text/html; charset=utf-8

            <p>Desde as 10h o bot <b>não</b> responde.</p>
            --inner--
            --outer
            Content-Type: image/png; name="tela.png"
            Content-Disposition: attachment; filename="tela.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --outer--
            """
        let first = try Self.send(port, firstMail, from: "nina@norte.example", folder: folder)
        #expect(first.code == 250, "\(first.message)")
        let id = try #require(Self.ticketID(first), "\(first.message)")
        let ticket = try await WalkingSkeletonTests.get("\(suite.http)/v1/tickets/\(id)")
        #expect(ticket["subject"] as? String == "Bot não responde no WhatsApp")
        #expect(ticket["channel"] as? String == "email")
        let description = ticket["description"] as? String ?? ""
        #expect(description.contains("Desde as 10h o bot não responde a nenhum cliente."))
        #expect(description.contains("tela.png (image/png, 8 bytes)"))
        let number = try #require(ticket["number"] as? Int)
        // The MTA sends the same mail again (it missed our 250): same Message-ID, nothing new.
        let again = try Self.send(port, firstMail, from: "nina@norte.example", folder: folder)
        #expect(again.code == 250)
        #expect(try await tickets() == 1, "a resent mail is recognised by its Message-ID")

        // The customer answers our acknowledgement: threads by In-Reply-To, quoted history cut.
        let reply = try Self.send(port, """
            From: nina@norte.example
            To: support@desk.example
            Subject: Re: [#\(number)] Recebemos seu ticket: Bot não responde no WhatsApp
            In-Reply-To: <ticket-\(id)@supportdesk.invalid>
            References: <ticket-\(id)@supportdesk.invalid>
            Content-Type: text/plain; charset=utf-8

            Voltou a falhar agora há pouco.

            Em 26/11/2026 10:00, SupportDesk escreveu:
            > Recebemos seu ticket #\(number).
            """, from: "nina@norte.example", folder: folder)
        #expect(reply.message.contains("reply added to ticket \(id)"), "\(reply.message)")
        // Threads by the number in the subject when a mail client dropped the headers.
        let bySubject = try Self.send(port, """
            From: nina@norte.example
            Subject: RE: [#\(number)] Bot não responde
            Content-Type: text/plain

            Segue o print.
            """, from: "nina@norte.example", folder: folder)
        #expect(bySubject.message.contains("reply added to ticket \(id)"), "\(bySubject.message)")
        let replies = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM reply WHERE ticket_id = ? ORDER BY created_at", arguments: [id])
        }
        #expect(replies == ["Voltou a falhar agora há pouco.", "Segue o print."], "quoted history is trimmed: \(replies)")
        #expect(try await tickets() == 1, "replies never become new tickets")

        // Machines and strangers: accepted (no bounce), no ticket, no answer.
        let autoReply = try Self.send(port, """
            From: nina@norte.example
            Subject: Out of office
            Auto-Submitted: auto-replied

            I am away.
            """, from: "nina@norte.example", folder: folder)
        #expect(autoReply.code == 250)
        let bounce = try Self.send(port, "From: MAILER-DAEMON@norte.example\nSubject: Undelivered\n\nbounce\n", from: "", folder: folder)
        #expect(bounce.code == 250)
        let stranger = try Self.send(port, "From: someone@elsewhere.example\nSubject: Hi\n\nhello\n", from: "someone@elsewhere.example", folder: folder)
        #expect(stranger.code == 250)
        #expect(try await tickets() == 1, "auto-replies, bounces and unknown senders open nothing")

        // Refused cleanly: a line over 998 octets, and bytes that are not an e-mail.
        let long = try Self.send(
            port, "From: nina@norte.example\nSubject: long\n\n" + String(repeating: "x", count: 1200) + "\n", from: "nina@norte.example",
            folder: folder)
        #expect(long.code == 554, "\(long.message)")
        let garbage = try Self.send(port, "this is not\nan e-mail at all\n", from: "nina@norte.example", folder: folder)
        #expect(garbage.code == 554, "\(garbage.message)")
        #expect(try await tickets() == 1)
    }
}
}

extension EndToEnd {
/// The real-world corpus over real SMTP: every one of the 106 mails of
/// `../shared/mail-corpus/zammad` is relayed to intake's listener as an MTA would. Each gets a
/// clean answer: `250`, or `554` for exactly the mails with a line over 998 octets; never a
/// `451` or a dropped connection, and intake stays healthy. (The senders are not in the
/// directory, so none opens a ticket.)
@Suite struct EmailCorpusOverSMTPTests {
    @Test(
        "every corpus mail relayed over SMTP gets a clean answer, and only over-long lines are refused",
        .enabled(
            if: FileManager.default.fileExists(atPath: MailCorpusLocation.zammad.path),
            "../shared/mail-corpus is absent on this machine"))
    func corpus() async throws {
        let port = try FreePorts.find(count: 1)
        let suite = try SuiteProcess(environment: ["EMAIL_SMTP_PORT": "\(port)"])
        defer { suite.stop() }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".box") }.sorted()
        var refused: [String] = []
        var unclean: [String] = []
        for file in files {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(file))
            let longLine = data.split(separator: 0x0A).contains { $0.count - ($0.last == 0x0D ? 1 : 0) > 998 }
            let sent = try EmailIntakeTests.relay(port, file: Self.corpus.appendingPathComponent(file), from: "mta-relay@desk.example")
            if sent.code == 554 { refused.append(file) }
            if sent.code != 250 && sent.code != 554 { unclean.append("\(file): \(sent.code) \(sent.message)") }
            if longLine != (sent.code == 554) { unclean.append("\(file): long line \(longLine), answered \(sent.code) \(sent.message)") }
        }
        print("corpus over SMTP: \(files.count) mails, \(refused.count) refused (\(refused.joined(separator: ", ")))")
        #expect(unclean.isEmpty, "\(unclean)")
        #expect(refused.count == 2, "the two mails with lines over 998 octets")
        let health = try await WalkingSkeletonTests.get("\(suite.http)/v1/tickets?limit=1")
        #expect(health["tickets"] as? [Any] != nil, "intake still answers")
        let database = try DatabaseQueue(path: suite.dataDir.appendingPathComponent("intake.sqlite").path)
        let tickets = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket") ?? -1 }
        #expect(tickets == 0, "no corpus sender is in the directory, so nothing opens a ticket")
    }

    static let corpus = MailCorpusLocation.zammad
}
}

/// Where the shared real-mail corpus lives beside the repository (never copied into it).
enum MailCorpusLocation {
    static let zammad = SuiteProcess.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/mail-corpus/zammad")
}
