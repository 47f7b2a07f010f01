import Foundation
import SupportBus
import SupportDomain

/// Writes the one message that replaces a burst: every held message's subject and the start of
/// its body (the `digest` template), in the language of the first, to the same person on the
/// same channel.
enum DigestComposer {
    static let excerpt = 400

    static func compose(_ messages: [Message], templates: TemplateLibrary) -> Message {
        let first = messages[0]
        let items = messages.map { message -> [String: Any] in
            let body = message.body.trimmingCharacters(in: .whitespacesAndNewlines)
            let short = body.count > excerpt ? String(body.prefix(excerpt)) + "…" : body
            let indented = short.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            return ["subject": message.subject, "excerpt": indented]
        }
        let (subject, body) = templates.render("digest", language: first.language, ["count": messages.count, "items": items])
        return Message(
            deliveryID: EventID.derived(from: first.deliveryID, salt: "digest"), ticketID: nil, template: "digest",
            channel: first.channel, recipient: first.recipient, language: first.language, subject: subject, body: body)
    }
}
