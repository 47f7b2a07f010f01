import Foundation

/// An e-mail as intake needs it, whatever its MIME shape: who sent it, what it says in plain
/// text, what it answers, what it carries, and whether a machine wrote it.
struct InboundMail: Sendable {
    var fromAddress: String?
    var fromName: String?
    var subject: String
    var messageID: String?
    /// `In-Reply-To` and `References`, in that order, each `<id@domain>`.
    var referencedIDs: [String]
    /// The readable text: the text/plain part, or the HTML part turned into text.
    var text: String
    /// Whether `text` came from HTML.
    var fromHTML: Bool
    var attachments: [Attachment]
    /// The Message-IDs a bounce returns (from its embedded original), so it can be tied to
    /// the mail it answers.
    var returnedIDs: [String]
    /// The header fields, names lower-cased, values unfolded and decoded.
    var headers: [(name: String, value: String)]

    struct Attachment: Sendable, Codable, Hashable {
        var name: String
        var type: String
        var size: Int
    }

    func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.name == key }?.value
    }

    /// Why no machine may answer this mail, if one wrote it (RFC 3834 `Auto-Submitted`,
    /// `Precedence: bulk|junk|list`, Microsoft's `X-Auto-Response-Suppress`, `X-Loop`, mailing
    /// lists, delivery reports). Answering any of these is how reply storms start.
    var automaticReason: String? {
        if let value = header("auto-submitted")?.lowercased(), !value.hasPrefix("no") { return "Auto-Submitted: \(value)" }
        if let value = header("precedence")?.lowercased(), ["bulk", "junk", "list", "auto_reply"].contains(value.trimmingCharacters(in: .whitespaces)) {
            return "Precedence: \(value)"
        }
        if header("x-auto-response-suppress") != nil { return "X-Auto-Response-Suppress" }
        if header("x-loop") != nil { return "X-Loop" }
        if header("list-unsubscribe") != nil || header("list-id") != nil { return "mailing list" }
        if let type = header("content-type")?.lowercased(), type.hasPrefix("multipart/report") { return "delivery report" }
        if let address = fromAddress?.lowercased(),
            address.hasPrefix("mailer-daemon@") || address.hasPrefix("postmaster@") || address.hasPrefix("no-reply@")
                || address.hasPrefix("noreply@")
        {
            return "sender \(address)"
        }
        return nil
    }
}
