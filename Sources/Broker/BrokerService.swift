import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SupportBus
import SupportDomain
import Synchronization
import ZeroMQ

/// The `bus` process: libzmq's XSUB/XPUB proxy for the event stream, and the hand-off router.
///
/// Stateless by design: restart it and producers resend what was not acknowledged, workers
/// announce themselves again with their next heartbeat.
public final class BrokerService: Service, Sendable {
    private let configuration: BrokerConfiguration
    private let logger: Logger
    private let context: Context
    private let stopping = Atomic<Bool>(false)

    public init(configuration: BrokerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.context = try Context()
    }

    public func run() async throws {
        // With keys, every socket is a CURVE server and every connection goes through ZAP.
        let zap = configuration.keys.map { ZAPHandler(context: context, keyring: $0, logger: logger) }
        try await zap?.start()
        let server = try configuration.keys.map { try BusCredentials.serverOptions($0.keyPair(BusKeyring.brokerName)) }
        let serverOptions = server?.0 ?? []
        let serverByteOptions = server?.1 ?? []
        // The history is an ordinary subscriber to everything, over inproc. (A proxy capture
        // socket would see nothing while no one subscribes: publishers drop unsubscribed topics.)
        let backendBinds = [configuration.subscribeBind] + (configuration.historyPath == nil ? [] : [HistoryRecorder.captureEndpoint])
        let proxy = Proxy(
            context: context,
            frontend: SocketSpec(
                .xsubscriber, bind: [configuration.publishBind], options: [(.receiveHighWaterMark, 100_000)] + serverOptions,
                byteOptions: serverByteOptions),
            backend: SocketSpec(
                .xpublisher, bind: backendBinds, options: [(.sendHighWaterMark, 100_000)] + serverOptions,
                byteOptions: [(.xpubWelcomeMessage, Array(BusEndpoints.welcome.utf8))] + serverByteOptions),
            filter: configuration.keys == nil ? nil : Self.streamFilter(logger: logger))
        try await proxy.start()
        let history = configuration.historyPath.map {
            HistoryRecorder(
                context: context, bind: configuration.historyBind, path: $0, retention: configuration.historyRetention,
                serverOptions: (serverOptions, serverByteOptions), logger: logger)
        }
        try await history?.start()
        let router = try await startRouter(serverOptions: (serverOptions, serverByteOptions))
        logger.info(
            "bus listening",
            metadata: [
                "publish": "\(configuration.publishBind)", "subscribe": "\(configuration.subscribeBind)",
                "handoff": "\(configuration.handoffBind)", "libzmq": "\(Context.version)",
                "history": "\(configuration.historyPath.map { "\(configuration.historyBind) → \($0)" } ?? "off")",
                "security": "\(configuration.keys.map { "CURVE, allowlist \($0.allowlistFile.path)" } ?? "plain text (no bus.keys)")",
            ])
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !stopping.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(200))
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
        stopping.store(true, ordering: .relaxed)
        history?.stop()
        await proxy.stop()
        await router.value
        await zap?.stop()
        logger.info("bus stopped")
    }

    /// Runs the ROUTER on its own thread: it blocks in `zmq_poll` only, wakes every 250 ms to
    /// expire silent workers and to notice shutdown.
    private func startRouter(
        serverOptions: ([(SocketOption<Int32>, Int32)], [(SocketOption<[UInt8]>, [UInt8])])
    ) async throws -> Task<Void, Never> {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        let (finished, finishedContinuation) = AsyncStream.makeStream(of: Void.self)
        let thread = Thread { [self] in
            let socket: Socket
            do {
                socket = try Socket(context: context, type: .router)
                try socket.set(.sendHighWaterMark, 200_000)
                try socket.set(.receiveHighWaterMark, 200_000)
                try socket.set(.heartbeatInterval, 1000)
                try socket.set(.heartbeatTimeout, 3000)
                try socket.set(.maximumMessageSize, 16 << 20)
                for (option, value) in serverOptions.0 { try socket.set(option, value) }
                for (option, value) in serverOptions.1 { try socket.set(option, value) }
                try socket.bind(configuration.handoffBind)
                startedContinuation.yield(.success(()))
            } catch {
                startedContinuation.yield(.failure(error))
                finishedContinuation.finish()
                return
            }
            routerLoop(socket)
            socket.close()
            finishedContinuation.finish()
        }
        thread.name = "zmq-router"
        thread.start()
        for await result in started {
            try result.get()
            break
        }
        return Task { for await _ in finished {} }
    }

    /// The event-stream rule on an authenticated bus: a message goes on only if its topic is
    /// one the sender's identity produces. Refusals are counted and logged at most once a second.
    static func streamFilter(logger: Logger) -> @Sendable (UnsafeRawBufferPointer, String?) -> Bool {
        let refused = Atomic<UInt64>(0)
        let lastLog = Atomic<Int64>(0)
        let streamRefused = Counter(label: "supportdesk_broker_stream_refused_total")
        return { topicFrame, user in
            if let user, let identity = BusIdentity(rawValue: user),
                let topic = Topic(rawValue: String(decoding: topicFrame, as: UTF8.self)), identity.mayPublish(topic)
            {
                return true
            }
            let total = refused.add(1, ordering: .relaxed).newValue
            streamRefused.increment()
            let now = Int64(Date().timeIntervalSince1970)
            if lastLog.exchange(now, ordering: .relaxed) != now {
                logger.warning(
                    "dropped stream message outside the sender's role",
                    metadata: [
                        "identity": "\(user ?? "-")", "topic": "\(String(decoding: topicFrame.prefix(64), as: UTF8.self))",
                        "total": "\(total)",
                    ])
            }
            return false
        }
    }

    private func routerLoop(_ socket: Socket) {
        var router = HandOffRouter()
        var poller = Poller()
        poller.add(socket)
        var lastExpiry = Date().timeIntervalSince1970
        var lastMalformed: UInt64 = 0
        var lastRefused: UInt64 = 0
        var metrics = RouterMetrics()
        while !stopping.load(ordering: .relaxed) {
            guard (try? poller.poll(timeout: 250)) != nil else { break }
            let now = Date().timeIntervalSince1970
            if poller.isReadable(0) {
                var received = 0
                var sent = 0
                for _ in 0..<4096 {
                    guard let (message, user) = try? socket.receiveAuthenticated(dontWait: true) else { break }
                    received += 1
                    let sender = user.flatMap(BusIdentity.init(rawValue:))
                    for reply in router.handle(message, now: now, sender: sender) {
                        // Credit keeps each worker below its high-water mark; a DONE lost to a full pipe
                        // only makes its producer resend, and the worker acknowledges the duplicate.
                        if (try? socket.send(reply)) != nil { sent += 1 }
                    }
                }
                metrics.handoffIn.increment(by: Int64(received))
                metrics.handoffOut.increment(by: Int64(sent))
            }
            if router.malformed != lastMalformed {
                logger.warning("dropped malformed hand-off frames", metadata: ["total": "\(router.malformed)"])
                lastMalformed = router.malformed
            }
            if router.refused != lastRefused {
                logger.warning("dropped hand-off messages outside the sender's role", metadata: ["total": "\(router.refused)"])
                lastRefused = router.refused
            }
            if now - lastExpiry >= 1 {
                router.expire(now: now)
                lastExpiry = now
                metrics.export(router)
            }
        }
    }
}

/// The router's state as metrics, exported once a second from the router's own thread:
/// queue depth and live workers per role, and hand-off outcomes as counters.
struct RouterMetrics {
    /// Hand-off messages through the router, in the family every bus client counts its own in.
    let handoffIn = Counter(
        label: "supportdesk_bus_messages_total", dimensions: [("service", "bus"), ("direction", "in"), ("channel", "handoff")])
    let handoffOut = Counter(
        label: "supportdesk_bus_messages_total", dimensions: [("service", "bus"), ("direction", "out"), ("channel", "handoff")])
    private var exported: [String: UInt64] = [:]
    private var depthGauges: [String: Gauge] = [:]
    private var workerGauges: [String: Gauge] = [:]
    private var outcomeCounters: [String: Counter] = [:]

    mutating func export(_ router: HandOffRouter) {
        let roles = Set(router.queueDepths.keys).union(router.workerCounts.keys).union(ServiceRole.allCases.map(\.rawValue))
        for role in roles where ServiceRole(rawValue: role) != nil {
            Self.gauge(&depthGauges, "supportdesk_broker_queue_depth", role).record(router.queueDepths[role] ?? 0)
            Self.gauge(&workerGauges, "supportdesk_broker_workers", role).record(router.workerCounts[role] ?? 0)
        }
        let totals = [
            "delivered": router.delivered, "acknowledged": router.acknowledged, "dropped": router.dropped,
            "malformed": router.malformed, "refused": router.refused,
        ]
        for (outcome, total) in totals {
            let delta = total - (exported[outcome] ?? 0)
            guard delta > 0 else { continue }
            exported[outcome] = total
            let counter =
                outcomeCounters[outcome] ?? Counter(label: "supportdesk_broker_handoffs_total", dimensions: [("outcome", outcome)])
            outcomeCounters[outcome] = counter
            counter.increment(by: Int64(delta))
        }
    }

    private static func gauge(_ cache: inout [String: Gauge], _ label: String, _ role: String) -> Gauge {
        if let gauge = cache[role] { return gauge }
        let gauge = Gauge(label: label, dimensions: [("role", role)])
        cache[role] = gauge
        return gauge
    }
}
