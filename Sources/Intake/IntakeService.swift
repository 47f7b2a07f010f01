import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// Builds the `intake` process: the HTTP API, the bus connection, the outbox sender and the
/// consumer of `ticket.classified`.
public struct IntakeService: Sendable {
    public let store: TicketStore
    let configuration: IntakeConfiguration
    let directory: Directory
    let logger: Logger
    let factory = EventFactory(service: "intake")
    let bus: BusClient
    let sender: HandOffSender
    let verifier: TokenVerifier
    /// Token and rate budgets, shared by the HTTP API and the ZeroMQ endpoint.
    let gate: RequestGate

    public init(configuration: IntakeConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.directory = try DirectoryLoader.load(path: configuration.directoryPath)
        self.store = try TicketStore(location: configuration.store, logger: logger)
        self.verifier = try TokenVerifier(store: store.storage)
        self.gate = RequestGate(
            verifier: verifier, perToken: RateLimiter(limit: configuration.rateLimitPerToken),
            perAccount: RateLimiter(limit: configuration.rateLimitPerAccount))
        let context = try Context()
        let bus = BusClient(
            context: context, endpoints: configuration.bus, identity: factory.producer, roles: [.intake], logger: logger)
        self.bus = bus
        let store = self.store
        let log = logger
        self.sender = HandOffSender(client: bus, logger: logger) { keys in
            do { try await store.acknowledged(keys) } catch { log.error("outbox delete failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// Ready: the store takes a write and the outbox backlog is under its limit.
    public var readiness: @Sendable () async -> [String: Bool] {
        { [store, sender, bus] in await Readiness.checks(store: store.storage, sender: sender, bus: bus) }
    }

    /// Where every channel opens tickets and adds replies.
    var desk: TicketDesk {
        TicketDesk(
            store: store, directory: directory, factory: factory, bus: bus, sender: sender,
            reopenWindow: configuration.reopenWindow)
    }

    /// Opens tickets for API callers on any transport.
    var opener: TicketOpener { TicketOpener(desk: desk) }

    /// The router, also used in-process by tests.
    public func makeRouter() -> Router<IntakeRequestContext> {
        let router = Router(context: IntakeRequestContext.self)
        // Outermost, so it times every request and sees the status the client gets.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorShapeMiddleware())
        router.add(middleware: AuthMiddleware(gate: gate))
        router.get("/health") { _, _ in "ok" }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        TicketController(
            desk: desk, maximumBodySize: configuration.maximumBodySize, policy: configuration.policy,
            reopenWindow: configuration.reopenWindow
        ).register(on: router)
        ChannelWebhooks(
            handler: MessagingHandler(desk: desk, logger: logger), whatsApp: configuration.whatsApp, chat: configuration.chat,
            maximumBodySize: configuration.maximumBodySize
        ).register(on: router)
        return router
    }

    /// Every long-running part, in start order.
    public func services(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "intake"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let email: [any Service] = configuration.email.map { settings in
            [
                SMTPServer(
                    host: settings.host, port: settings.port, maximumSize: settings.maximumSize,
                    handler: InboundMailHandler(desk: desk, logger: logger), logger: logger)
            ]
        } ?? []
        let zmq: [any Service] = configuration.zmq.map { endpoint in
            [RunService { try await TicketSocket(endpoint: endpoint, opener: opener, gate: gate, logger: logger).run() }]
        } ?? []
        return email + zmq + [
            RunService { try await bus.run() },
            RunService { await sender.run { try await store.pendingOutbox() } },
            RunService { await verifier.run() },
            RunService { await StoreMaintenance(store: store.storage, logger: logger, extra: TicketStore.pruneIdempotencyKeys).run() },
            RunService { await consume() },
            app,
        ]
    }

    private func consume() async {
        await DeliveryProcessor(bus: bus, logger: logger) { entry in try await store.bury(entry) }
            .run { envelopes in try await store.apply(envelopes) }
    }
}
