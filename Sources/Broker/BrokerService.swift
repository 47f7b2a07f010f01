import Foundation
import Logging
import ServiceLifecycle
import SupportBus
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
        // The history is an ordinary subscriber to everything, over inproc. (A proxy capture
        // socket would see nothing while no one subscribes: publishers drop unsubscribed topics.)
        let backendBinds = [configuration.subscribeBind] + (configuration.historyPath == nil ? [] : [HistoryRecorder.captureEndpoint])
        let proxy = Proxy(
            context: context,
            frontend: SocketSpec(
                .xsubscriber, bind: [configuration.publishBind], options: [(.receiveHighWaterMark, 100_000)]),
            backend: SocketSpec(
                .xpublisher, bind: backendBinds, options: [(.sendHighWaterMark, 100_000)],
                byteOptions: [(.xpubWelcomeMessage, Array(BusEndpoints.welcome.utf8))]))
        try await proxy.start()
        let history = configuration.historyPath.map {
            HistoryRecorder(
                context: context, bind: configuration.historyBind, path: $0, retention: configuration.historyRetention,
                logger: logger)
        }
        try await history?.start()
        let router = try await startRouter()
        logger.info(
            "bus listening",
            metadata: [
                "publish": "\(configuration.publishBind)", "subscribe": "\(configuration.subscribeBind)",
                "handoff": "\(configuration.handoffBind)", "libzmq": "\(Context.version)",
                "history": "\(configuration.historyPath.map { "\(configuration.historyBind) → \($0)" } ?? "off")",
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
        logger.info("bus stopped")
    }

    /// Runs the ROUTER on its own thread: it blocks in `zmq_poll` only, wakes every 250 ms to
    /// expire silent workers and to notice shutdown.
    private func startRouter() async throws -> Task<Void, Never> {
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

    private func routerLoop(_ socket: Socket) {
        var router = HandOffRouter()
        var poller = Poller()
        poller.add(socket)
        var lastExpiry = Date().timeIntervalSince1970
        var lastMalformed: UInt64 = 0
        while !stopping.load(ordering: .relaxed) {
            guard (try? poller.poll(timeout: 250)) != nil else { break }
            let now = Date().timeIntervalSince1970
            if poller.isReadable(0) {
                for _ in 0..<4096 {
                    guard let message = try? socket.receive(dontWait: true) else { break }
                    for reply in router.handle(message, now: now) {
                        // Credit keeps each worker below its high-water mark; a DONE lost to a full pipe
                        // only makes its producer resend, and the worker acknowledges the duplicate.
                        _ = try? socket.send(reply)
                    }
                }
            }
            if router.malformed != lastMalformed {
                logger.warning("dropped malformed hand-off frames", metadata: ["total": "\(router.malformed)"])
                lastMalformed = router.malformed
            }
            if now - lastExpiry >= 1 {
                router.expire(now: now)
                lastExpiry = now
            }
        }
    }
}
