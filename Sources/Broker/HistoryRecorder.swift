import Foundation
import Logging
import SupportBus
import Synchronization
import ZeroMQ

/// A thread that records the stream (as a subscriber to everything, over inproc) into
/// ``HistoryStore`` and answers `SINCE` queries on a ROUTER.
///
/// Recording and answering share the thread, and a query first drains whatever the subscriber
/// holds: an event the proxy forwarded before the query is in the answer, which is what makes
/// the seam between history and a live subscription gap-free.
final class HistoryRecorder: Sendable {
    static let captureEndpoint = "inproc://supportdesk-history-capture"
    private let context: Context
    private let bind: String
    private let path: String
    private let retention: TimeInterval
    private let logger: Logger
    private let serverOptions: ([(SocketOption<Int32>, Int32)], [(SocketOption<[UInt8]>, [UInt8])])
    private let stopping = Atomic<Bool>(false)

    init(
        context: Context, bind: String, path: String, retention: TimeInterval,
        serverOptions: ([(SocketOption<Int32>, Int32)], [(SocketOption<[UInt8]>, [UInt8])]) = ([], []), logger: Logger
    ) {
        self.serverOptions = serverOptions
        self.context = context
        self.bind = bind
        self.path = path
        self.retention = retention
        self.logger = logger
    }

    /// Opens the store and sockets, then records until ``stop()``. Returns when the thread is up.
    func start() async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in
                let store: HistoryStore
                let capture: Socket
                let router: Socket
                do {
                    store = try HistoryStore(path: path)
                    capture = try Socket(context: context, type: .subscriber)
                    try capture.set(.receiveHighWaterMark, 100_000)
                    try capture.set(.subscribe, "")
                    try capture.connect(Self.captureEndpoint)
                    router = try Socket(context: context, type: .router)
                    try router.set(.sendHighWaterMark, 1_000_000)
                    try router.set(.maximumMessageSize, 1 << 16)
                    for (option, value) in serverOptions.0 { try router.set(option, value) }
                    for (option, value) in serverOptions.1 { try router.set(option, value) }
                    try router.bind(bind)
                } catch {
                    ready.resume(throwing: error)
                    return
                }
                ready.resume()
                loop(store: store, capture: capture, router: router)
                capture.close()
                router.close()
            }
            thread.name = "zmq-history"
            thread.start()
        }
    }

    func stop() { stopping.store(true, ordering: .relaxed) }

    private func loop(store: HistoryStore, capture: Socket, router: Socket) {
        var poller = Poller()
        poller.add(capture)
        poller.add(router)
        var lastPrune = Date.distantPast
        while !stopping.load(ordering: .relaxed) {
            guard (try? poller.poll(timeout: 250)) != nil else { return }
            drain(capture, into: store)
            if poller.isReadable(1) {
                while let request = try? router.receive(dontWait: true) {
                    answer(request, from: store, on: router, capture: capture)
                }
            }
            if Date().timeIntervalSince(lastPrune) > 60 {
                lastPrune = Date()
                try? store.prune(before: Date().addingTimeInterval(-retention))
            }
        }
    }

    /// Records everything the subscriber holds. The welcome message (one frame) is not an event
    /// and is skipped.
    private func drain(_ capture: Socket, into store: HistoryStore) {
        var batch: [(topic: [UInt8], envelope: [UInt8])] = []
        while batch.count < 10_000, let message = try? capture.receive(dontWait: true) {
            if message.count == 2 { batch.append((message[0], message[1])) }
        }
        guard !batch.isEmpty else { return }
        do {
            try store.append(batch, at: Date())
        } catch {
            logger.error("could not record history", metadata: ["error": "\(error)"])
        }
    }

    private func answer(_ request: Multipart, from store: HistoryStore, on router: Socket, capture: Socket) {
        guard request.count >= 2, case .since(let milliseconds, let prefixes)? = HistoryMessage(request, offset: 1) else {
            logger.warning("dropped a malformed history request")
            return
        }
        drain(capture, into: store)
        let peer = request[0]
        do {
            let events = try store.events(
                since: Date(timeIntervalSince1970: Double(milliseconds) / 1000), prefixes: prefixes, limit: 1_000_000)
            var index = 0
            while index < events.count {
                let chunk = Array(events[index..<min(index + 500, events.count)])
                _ = try router.send(Multipart([peer] + HistoryMessage.events(chunk).multipart.frames))
                index += chunk.count
            }
            _ = try router.send(Multipart([peer] + HistoryMessage.end(count: events.count).multipart.frames))
        } catch {
            logger.error("could not answer a history request", metadata: ["error": "\(error)"])
        }
    }
}
