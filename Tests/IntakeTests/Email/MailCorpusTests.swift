import Foundation
import Testing

@testable import Intake

/// The MIME parser against real mail nobody here wrote: the 106 messages of
/// `../shared/mail-corpus/zammad` with their expected sender, subject, body snippets and
/// attachment names (see ../shared/TESTDATA.md). Read in place, never copied into the repo;
/// skipped with a message on machines without the folder.
@Suite struct MailCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/mail-corpus/zammad")

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    /// Returns the files that missed an expectation, with what missed.
    static func run() throws -> (total: Int, misses: [String]) {
        let expected = try String(contentsOf: corpus.appendingPathComponent("expected.jsonl"), encoding: .utf8)
        var misses: [String] = []
        var total = 0
        for line in expected.split(separator: "\n") {
            guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let file = row["file"] as? String
            else { continue }
            total += 1
            let bytes = Array(try Data(contentsOf: corpus.appendingPathComponent(file)))
            guard let mail = try? MIMEParser.parse(bytes) else {
                misses.append("\(file): did not parse")
                continue
            }
            var wrong: [String] = []
            if let address = row["from_address"] as? String, mail.fromAddress?.lowercased() != address.lowercased() {
                wrong.append("from \(mail.fromAddress ?? "nil") ≠ \(address)")
            }
            if let subject = row["subject"] as? String, collapse(mail.subject) != collapse(subject) {
                wrong.append("subject \"\(mail.subject)\" ≠ \"\(subject)\"")
            }
            let body = collapse(mail.text)
            for snippet in row["body_contains"] as? [String] ?? [] where !body.contains(collapse(snippet)) {
                wrong.append("body lacks \"\(snippet.prefix(50))\"")
            }
            let names = Set(mail.attachments.map(\.name))
            for name in row["attachments"] as? [String] ?? [] where !names.contains(name) {
                wrong.append("attachment \(name) missing (have \(names.sorted()))")
            }
            if !wrong.isEmpty { misses.append("\(file): " + wrong.joined(separator: "; ")) }
        }
        return (total, misses)
    }

    @Test(
        "the parser meets the expectations of the real-mail corpus",
        .enabled(if: FileManager.default.fileExists(atPath: corpus.path), "../shared/mail-corpus is absent on this machine"))
    func corpusExpectations() throws {
        let (total, misses) = try Self.run()
        print("mail corpus: \(total - misses.count) of \(total) messages meet every expectation")
        for miss in misses { print("  miss: \(miss)") }
        // The bar is what this parser reaches today; raise it as the parser improves.
        #expect(total - misses.count >= Self.bar, "\(misses.count) misses")
    }

    static let bar = 93
}

/// Loop protection against the 20 real bounces, auto-replies and normal mails of
/// `../shared/mail-corpus/zammad-threading`: a mail that must never get an automatic answer is
/// recognised as machine-written, a normal one is not.
@Suite struct MailLoopCorpusTests {
    static let corpus = MailCorpusTests.corpus.deletingLastPathComponent().appendingPathComponent("zammad-threading")

    @Test(
        "bounces and auto-replies are recognised; normal mail is not",
        .enabled(if: FileManager.default.fileExists(atPath: corpus.path), "../shared/mail-corpus is absent on this machine"))
    func loops() throws {
        let expected = try String(contentsOf: Self.corpus.appendingPathComponent("expected.jsonl"), encoding: .utf8)
        var wrong: [String] = []
        var total = 0
        for line in expected.split(separator: "\n") {
            guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let file = row["file"] as? String, let answer = row["send_auto_response"] as? Bool
            else { continue }
            total += 1
            let mail = try MIMEParser.parse(Array(try Data(contentsOf: Self.corpus.appendingPathComponent(file))))
            let automatic = mail.automaticReason
            if (automatic == nil) != answer {
                wrong.append("\(file) (\(row["kind"] ?? "")): \(automatic ?? "not recognised as automatic")")
            }
            for id in row["references_message_ids"] as? [String] ?? [] where !(mail.referencedIDs + mail.returnedIDs).contains(id) {
                wrong.append("\(file): the returned Message-ID \(id) is not found")
                break
            }
        }
        print("mail loops: \(total - wrong.count) of \(total) right")
        for miss in wrong { print("  miss: \(miss)") }
        #expect(wrong.isEmpty)
    }
}
