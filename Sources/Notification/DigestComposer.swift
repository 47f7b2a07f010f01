import Foundation
import SupportBus
import SupportDomain

/// Writes the one message that replaces a burst: every held message's subject and the start of
/// its body, in the language of the first, to the same person on the same channel.
enum DigestComposer {
    static let excerpt = 400

    static func compose(_ messages: [Message]) -> Message {
        let first = messages[0]
        let count = messages.count
        let (subject, intro): (String, String) =
            switch first.language {
            case .en: ("[SupportDesk] \(count) updates in one message", "You had many messages from us in a short time, so we grouped these:")
            case .ptBR: ("[SupportDesk] \(count) atualizações em uma mensagem", "Você recebeu muitas mensagens nossas em pouco tempo; agrupamos estas:")
            case .es: ("[SupportDesk] \(count) novedades en un mensaje", "Recibió muchos mensajes nuestros en poco tiempo; agrupamos estos:")
            }
        let items = messages.map { message in
            let body = message.body.trimmingCharacters(in: .whitespacesAndNewlines)
            let short = body.count > excerpt ? String(body.prefix(excerpt)) + "…" : body
            return "• \(message.subject)\n" + short.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        }
        return Message(
            deliveryID: EventID.derived(from: first.deliveryID, salt: "digest"), ticketID: nil, template: "digest",
            channel: first.channel, recipient: first.recipient, language: first.language, subject: subject,
            body: intro + "\n\n" + items.joined(separator: "\n\n") + "\n")
    }
}
