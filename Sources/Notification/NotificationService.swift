import Foundation
import Logging
import ServiceLifecycle
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// The `notification` process: turns events into messages, records them durably, then delivers
/// them with retries, one `notification.sent` per message delivered.
public struct NotificationService: Sendable {
    let store: DeliveryStore
    let renderer: MessageRenderer
    let sink: MailboxSink
    let logger: Logger
    let factory = EventFactory(service: "notification")
    let bus: BusClient
    let wake: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
    let maximumAttempts = 8

    public init(configuration: NotificationConfiguration, logger: Logger) throws {
        self.store = try DeliveryStore(path: configuration.storePath)
        self.renderer = MessageRenderer(directory: try DirectoryLoader.load(path: configuration.directoryPath))
        self.sink = try MailboxSink(path: configuration.mailboxPath)
        self.logger = logger
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
                let batch = envelopes.map { ($0.id, renderer.messages(for: $0)) }
                if try await store.accept(batch, now: Date()) > 0 { wake.continuation.yield() }
            }
    }

    /// Delivers what is due; wakes on new work or every second for retries.
    private func dispatch() async {
        while !Task.isCancelled {
            do {
                let due = try await store.due(now: Date())
                for (message, attempts) in due { await deliver(message, attempts: attempts) }
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
            try await sink.deliver(message)
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
            let backoff = min(300.0, pow(2.0, Double(attempts))) * Double.random(in: 0.8...1.2)
            let dead = (try? await store.markFailed(
                message.deliveryID, error: "\(error)", retryAt: Date().addingTimeInterval(backoff),
                maximumAttempts: maximumAttempts)) ?? false
            logger.warning("delivery failed", metadata: ["delivery.id": "\(message.deliveryID)", "dead": "\(dead)", "error": "\(error)"])
        }
    }
}
