import Foundation
import Logging
import ServiceLifecycle
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// The `notification` process: turns events into messages, records them durably, then delivers
/// them with retries, one `notification.sent` per message delivered and one
/// `notification.failed` per message given up on.
public struct NotificationService: Sendable {
    let store: DeliveryStore
    let renderer: MessageRenderer
    let logger: Logger
    let factory = EventFactory(service: "notification")
    let bus: BusClient
    let wake: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
    let maximumAttempts: Int
    let concurrency: Int
    /// Configured channels by `Message.channel`; anything else goes to `fallback`.
    let channels: [String: any DeliveryChannel]
    let fallback: MailboxSink
    /// Whether every message is also copied to the integration webhook.
    let copiesToWebhook: Bool

    public init(configuration: NotificationConfiguration, logger: Logger) throws {
        self.store = try DeliveryStore(path: configuration.storePath)
        self.renderer = MessageRenderer(directory: try DirectoryLoader.load(path: configuration.directoryPath))
        self.fallback = try MailboxSink(path: configuration.mailboxPath)
        self.maximumAttempts = configuration.maximumAttempts
        self.concurrency = configuration.concurrency
        var channels: [String: any DeliveryChannel] = [:]
        if let smtp = configuration.smtp {
            channels["email"] = EmailChannel(
                client: SMTPClient(
                    host: smtp.host, port: smtp.port, heloName: ProcessInfo.processInfo.hostName, username: smtp.username,
                    password: smtp.password),
                composer: MailComposer(from: smtp.from, fromName: smtp.fromName))
        }
        if let whatsApp = configuration.whatsApp {
            channels["whatsapp"] = WhatsAppChannel(baseURL: whatsApp.baseURL, phoneNumberID: whatsApp.phoneNumberID, token: whatsApp.token)
        }
        if let webhook = configuration.webhook {
            channels["webhook"] = WebhookChannel(url: webhook.url, secret: Array(webhook.secret.utf8))
        }
        self.channels = channels
        self.copiesToWebhook = configuration.webhook != nil
        self.logger = logger
        logger.info(
            "notification channels",
            metadata: [
                "email": "\(configuration.smtp.map { "smtp \($0.host):\($0.port)" } ?? "mailbox folder")",
                "whatsapp": "\(configuration.whatsApp.map { WebhookChannel.hostOf($0.baseURL) } ?? "mailbox folder")",
                "webhook": "\(configuration.webhook.map { WebhookChannel.hostOf($0.url) } ?? "off")",
            ])
        self.bus = BusClient(
            context: try Context(), endpoints: configuration.bus, identity: factory.producer, roles: [.notification],
            logger: logger)
        self.wake = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public var services: [any Service] {
        [
            RunService { try await bus.run() }, RunService { await consume() }, RunService { await dispatch() },
            RunService { await StoreMaintenance(pool: store.pool, logger: logger).run() },
        ]
    }

    private func consume() async {
        await DeliveryProcessor(bus: bus, logger: logger) { entry in try await store.bury(entry) }
            .run { envelopes in
                let batch = envelopes.map { envelope in
                    let messages = renderer.messages(for: envelope)
                    return (envelope.id, messages + (copiesToWebhook ? messages.map(Self.webhookCopy) : []))
                }
                if try await store.accept(batch, now: Date()) > 0 { wake.continuation.yield() }
            }
    }

    /// The integration webhook's copy of a message: its own delivery (own id, own retries).
    static func webhookCopy(_ message: Message) -> Message {
        var copy = message
        copy.deliveryID = EventID.derived(from: message.deliveryID, salt: "webhook")
        copy.channel = "webhook"
        return copy
    }

    /// Delivers what is due, up to `concurrency` at once; wakes on new work or every second for
    /// retries.
    private func dispatch() async {
        while !Task.isCancelled {
            do {
                let due = try await store.due(now: Date())
                await withTaskGroup(of: Void.self) { group in
                    for (index, (message, attempts)) in due.enumerated() {
                        if index >= concurrency { await group.next() }
                        group.addTask { await deliver(message, attempts: attempts) }
                    }
                }
                if due.count == 256 { continue }
            } catch {
                logger.error("could not read pending deliveries", metadata: ["error": "\(error)"])
            }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in wake.stream { break } }
                group.addTask { try? await Task.sleep(for: .seconds(1)) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func deliver(_ message: Message, attempts: Int) async {
        do {
            try await (channels[message.channel] ?? fallback).deliver(message)
            try await store.markSent(message.deliveryID, now: Date())
            let sent = factory.envelope(
                .notificationSent(
                    NotificationDelivered(
                        ticketID: message.ticketID, deliveryID: message.deliveryID, template: message.template,
                        channel: message.channel, recipient: message.recipient, language: message.language,
                        attempts: attempts + 1)))
            bus.publish(sent, bytes: try EnvelopeCodec.encode(sent))
            logger.info(
                "notification sent",
                metadata: ["ticket.id": "\(message.ticketID ?? "-")", "delivery.id": "\(message.deliveryID)", "template": "\(message.template)"])
        } catch {
            // Exponential back-off with jitter (1 s, 2 s, 4 s … capped at 5 min, ±20 %), so a
            // receiver that comes back is not hit by every retry at the same instant.
            let backoff = min(300.0, pow(2.0, Double(attempts))) * Double.random(in: 0.8...1.2)
            let permanent = if case DeliveryFailure.permanent = error { true } else { false }
            let dead = (try? await store.markFailed(
                message.deliveryID, error: "\(error)", retryAt: Date().addingTimeInterval(backoff),
                maximumAttempts: permanent ? 0 : maximumAttempts)) ?? false
            logger.warning(
                "delivery failed",
                metadata: [
                    "delivery.id": "\(message.deliveryID)", "channel": "\(message.channel)", "attempt": "\(attempts + 1)",
                    "dead": "\(dead)", "error": "\(error)",
                ])
            if dead {
                let failed = factory.envelope(
                    .notificationFailed(
                        NotificationDelivered(
                            ticketID: message.ticketID, deliveryID: message.deliveryID, template: message.template,
                            channel: message.channel, recipient: message.recipient, language: message.language,
                            attempts: attempts + 1)))
                if let bytes = try? EnvelopeCodec.encode(failed) { bus.publish(failed, bytes: bytes) }
            }
        }
    }
}
