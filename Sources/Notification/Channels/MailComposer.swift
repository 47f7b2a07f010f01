import Foundation
import SupportDomain

/// Builds the RFC 5322 text of a notification e-mail, with the headers that make mail clients
/// thread a ticket's messages: each ticket has a root Message-ID
/// (`<ticket-ID@domain>`, the acknowledgement's own), and every later message names it in
/// `In-Reply-To` and `References`. Intake's e-mail adapter matches replies by the same ids.
public struct MailComposer: Sendable {
    /// The From address (`support@example.com`); its domain also names the Message-IDs.
    public var from: String
    public var fromName: String

    public init(from: String, fromName: String = "SupportDesk") {
        self.from = from
        self.fromName = fromName
    }

    var domain: String { from.split(separator: "@").last.map(String.init) ?? "supportdesk.invalid" }

    /// The root Message-ID of a ticket's thread.
    public func threadID(ticketID: String) -> String { "<ticket-\(ticketID)@\(domain)>" }

    /// The complete message text, CRLF line ends, body in base64 (any UTF-8, any line length).
    public func compose(_ message: Message, date: Date = Date()) -> String {
        var headers: [(String, String)] = [
            ("From", "\(Self.encodedWord(fromName)) <\(from)>"),
            ("To", "<\(message.recipient)>"),
            ("Subject", Self.encodedWord(message.subject)),
            ("Date", Self.rfc5322Date(date)),
        ]
        if let ticketID = message.ticketID {
            let root = threadID(ticketID: ticketID)
            if message.template == "ticket.acknowledgement" {
                headers.append(("Message-ID", root))
            } else {
                headers.append(("Message-ID", "<\(message.deliveryID)@\(domain)>"))
                headers.append(("In-Reply-To", root))
                headers.append(("References", root))
            }
        } else {
            headers.append(("Message-ID", "<\(message.deliveryID)@\(domain)>"))
        }
        headers += [
            ("Auto-Submitted", "auto-generated"),
            ("X-SupportDesk-Delivery", message.deliveryID),
            ("Content-Language", message.language.rawValue),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "base64"),
        ]
        let body = Data(message.body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// RFC 2047 encoded-word (UTF-8, base64) when `text` is not plain printable ASCII, split so
    /// no encoded word exceeds 75 characters; ASCII text as it is.
    static func encodedWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if plain && !text.contains("=?") { return text }
        // 45 bytes of UTF-8 make 60 base64 characters; split on character boundaries.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
