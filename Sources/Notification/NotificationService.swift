import Foundation
import Logging
import Metrics
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
    let dispatcher: Dispatcher
    /// Whether every message is also copied to the integration webhook.
    let copiesToWebhook: Bool

    public init(configuration: NotificationConfiguration, logger: Logger) throws {
        self.store = try DeliveryStore(location: configuration.store, throttle: configuration.throttle, logger: logger)
        let templates = try TemplateLibrary(folder: configuration.templatesPath)
        self.renderer = MessageRenderer(directory: try DirectoryLoader.load(path: configuration.directoryPath), templates: templates)
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
        if let chat = configuration.chat {
            channels["chat"] = ChatChannel(baseURL: chat.baseURL, key: chat.key)
        }
        if let webhook = configuration.webhook {
            channels["webhook"] = WebhookChannel(url: webhook.url, secret: Array(webhook.secret.utf8))
        }
        self.dispatcher = Dispatcher(
            store: store, channels: channels, fallback: try MailboxSink(path: configuration.mailboxPath),
            concurrency: configuration.concurrency, maximumAttempts: configuration.maximumAttempts,
            digest: { DigestComposer.compose($0, templates: templates) })
        self.copiesToWebhook = configuration.webhook != nil
        self.logger = logger
        logger.info(
            "notification channels",
            metadata: [
                "email": "\(configuration.smtp.map { "smtp \($0.host):\($0.port)" } ?? "mailbox folder")",
                "whatsapp": "\(configuration.whatsApp.map { WebhookChannel.hostOf($0.baseURL) } ?? "mailbox folder")",
                "chat": "\(configuration.chat.map { WebhookChannel.hostOf($0.baseURL) } ?? "mailbox folder")",
                "webhook": "\(configuration.webhook.map { WebhookChannel.hostOf($0.url) } ?? "off")",
            ])
        self.bus = BusClient(
            context: try Context(), endpoints: configuration.bus, identity: factory.producer, roles: [.notification],
            logger: logger)
        self.wake = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Ready: the store takes a write.
    public var readiness: @Sendable () async -> [String: Bool] {
        { [store, bus] in await Readiness.checks(store: store.storage, sender: nil, bus: bus) }
    }

    public var services: [any Service] {
        [
            RunService { try await bus.run() }, RunService { await consume() }, RunService { await dispatch() },
            RunService { await StoreMaintenance(store: store.storage, logger: logger).run() },
        ]
    }

    private func consume() async {
        await DeliveryProcessor(bus: bus, logger: logger) { entry in try await store.bury(entry) }
            .run { envelopes in
                let batch = envelopes.map { envelope in
                    let messages = renderer.messages(for: envelope).map { message in
                        var traced = message
                        traced.traceParent = envelope.traceParent
                        return traced
                    }
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

    /// Delivers what is due; wakes on new work or every second for retries.
    ///
    /// One loop reads the wake stream for the service's whole life, and a ticker yields into it
    /// every second. The loop must never be cancelled while it waits for a wake: an
    /// `AsyncStream` whose waiting reader is cancelled finishes for good, and every later wait
    /// would return at once. Racing each wait against a sleep did exactly that after the first
    /// idle second, and an idle notification process then spun a core on delivery passes.
    private func dispatch() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wake] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    wake.continuation.yield()
                }
            }
            group.addTask { await deliverOnWake() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Delivers everything due at each wake (``Dispatcher/drain(at:batch:committed:)`` runs
    /// until nothing is due, so a backlog drains without waiting for the ticker).
    private func deliverOnWake() async {
        var lastOpen: [String] = []
        wake.continuation.yield()
        for await _ in wake.stream {
            guard !Task.isCancelled else { break }
            do {
                try await dispatcher.drain { outcomes in
                    for outcome in outcomes { report(outcome) }
                }
            } catch {
                logger.error("delivery stopped; the next wake resumes it", metadata: ["error": "\(error)"])
            }
            let open = dispatcher.openCircuits()
            if open != lastOpen {
                logger.warning("delivery circuits open", metadata: ["destinations": "\(open)"])
                lastOpen = open
            }
        }
    }

    /// Publishes `notification.sent` or `notification.failed` for a committed outcome, and
    /// counts it by channel and outcome.
    private func report(_ outcome: Dispatcher.Outcome) {
        let (channel, result): (String, String) =
            switch outcome {
            case .sent(let message, _): (message.channel, "sent")
            case .failed(let message, _, _, let dead): (message.channel, dead ? "dead" : "retry")
            case .deferred(let message, _): (message.channel, "deferred")
            }
        Self.deliveries.increment(channel, result)
        let event: Event
        switch outcome {
        case .sent(let message, let attempts):
            event = .notificationSent(Self.delivered(message, attempts: attempts))
            logger.info(
                "notification sent",
                metadata: Self.logMetadata(message).merging(["template": "\(message.template)", "attempts": "\(attempts)"]) { $1 })
        case .failed(let message, let attempts, let error, let dead):
            logger.warning(
                "delivery failed",
                metadata: Self.logMetadata(message).merging(["attempt": "\(attempts)", "dead": "\(dead)", "error": "\(error)"]) { $1 })
            guard dead else { return }
            event = .notificationFailed(Self.delivered(message, attempts: attempts))
        case .deferred:
            return
        }
        let envelope = factory.envelope(event, traceParent: outcome.message.traceParent)
        if let bytes = try? EnvelopeCodec.encode(envelope) { bus.publish(envelope, bytes: bytes) }
    }

    /// What every log line about a delivery carries (ticket, delivery, channel, trace).
    static func logMetadata(_ message: Message) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "ticket.id": "\(message.ticketID ?? "-")", "delivery.id": "\(message.deliveryID)", "channel": "\(message.channel)",
        ]
        if let traceID = Envelope.traceID(message.traceParent) { metadata["trace.id"] = "\(traceID)" }
        return metadata
    }

    static func delivered(_ message: Message, attempts: Int) -> NotificationDelivered {
        NotificationDelivered(
            ticketID: message.ticketID, deliveryID: message.deliveryID, template: message.template, channel: message.channel,
            recipient: message.recipient, language: message.language, attempts: attempts)
    }
}

extension NotificationService {
    static let deliveries = CounterFamily("supportdesk_notification_deliveries_total", labels: ["channel", "outcome"])
}
