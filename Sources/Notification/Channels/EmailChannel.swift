/// E-mail over SMTP: ``MailComposer`` writes the message, ``SMTPClient`` hands it to the
/// configured server.
public struct EmailChannel: DeliveryChannel {
    public let name = "email"
    public var destination: String { "smtp://\(client.host):\(client.port)" }
    let client: SMTPClient
    let composer: MailComposer

    public init(client: SMTPClient, composer: MailComposer) {
        self.client = client
        self.composer = composer
    }

    public func deliver(_ message: Message) async throws {
        guard message.recipient.contains("@"), !message.recipient.contains(where: { $0 == "<" || $0 == ">" || $0 == "\r" || $0 == "\n" })
        else { throw DeliveryFailure.permanent("no usable e-mail address for delivery \(message.deliveryID)") }
        try await client.send(from: composer.from, to: [message.recipient], data: composer.compose(message))
    }
}
