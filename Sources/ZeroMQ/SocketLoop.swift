import CZeroMQ
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A dedicated thread that owns a group of sockets and bridges them to async code.
///
/// This is CZMQ's actor in Swift: sockets are made, used and closed on one thread, which blocks
/// only in `zmq_poll`. Async code sends with ``send(_:on:)``, which enqueues and wakes the thread
/// through an eventfd (never touching a socket), and receives from ``messages(from:)``, an
/// `AsyncStream` the thread feeds. No zmq call ever runs on the Swift concurrency pool.
public final class SocketLoop: Sendable {
    public let name: String
    private let context: Context
    private let specs: [SocketSpec]
    private let wakeFD: Int32
    private let outgoing = Mutex<[(Int, Multipart)]>([])
    private let stopping = Atomic<Bool>(false)
    private let streams: [(stream: AsyncStream<Multipart>, continuation: AsyncStream<Multipart>.Continuation)]
    private let state = Mutex<State>(State())

    private struct State {
        var started = false
        var boundEndpoints: [[String]] = []
        var finished: [CheckedContinuation<Void, Never>] = []
        var done = false
    }

    /// Describes the loop; nothing is created until ``start()``.
    public init(context: Context, name: String, sockets: [SocketSpec]) {
        self.context = context
        self.name = name
        self.specs = sockets
        self.wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(wakeFD >= 0, "eventfd failed: \(errno)")
        self.streams = sockets.map { spec in
            let policy: AsyncStream<Multipart>.Continuation.BufferingPolicy =
                spec.receiveBuffer.map { .bufferingNewest($0) } ?? .unbounded
            let (stream, continuation) = AsyncStream.makeStream(of: Multipart.self, bufferingPolicy: policy)
            return (stream, continuation)
        }
    }

    deinit { close(wakeFD) }

    /// Messages received on socket `index` (the order of the specs). Finishes when the loop stops.
    public func messages(from index: Int) -> AsyncStream<Multipart> { streams[index].stream }

    /// The endpoints socket `index` bound, with wildcard ports resolved. Valid after ``start()``.
    public func boundEndpoints(_ index: Int) -> [String] {
        state.withLock { $0.boundEndpoints.indices.contains(index) ? $0.boundEndpoints[index] : [] }
    }

    /// Queues `message` for socket `index` and wakes the loop. Never blocks; a message that meets
    /// the high-water mark waits in the loop until the peer drains.
    public func send(_ message: Multipart, on index: Int) {
        outgoing.withLock { $0.append((index, message)) }
        wake()
    }

    /// Starts the thread, makes every socket and returns once they are bound and connected,
    /// or throws the first setup error.
    public func start() async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in self.run(ready: ready) }
            thread.name = "zmq-\(name)"
            thread.start()
        }
    }

    /// Asks the thread to close its sockets and leave, and waits until it has.
    public func stop() async {
        stopping.store(true, ordering: .releasing)
        wake()
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.done || !state.started { return true }
                state.finished.append(finished)
                return false
            }
            if resumeNow { finished.resume() }
        }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    private func run(ready: CheckedContinuation<Void, any Error>) {
        var sockets: [Socket] = []
        do {
            var bound: [[String]] = []
            for spec in specs {
                let (socket, endpoints) = try spec.make(in: context)
                sockets.append(socket)
                bound.append(endpoints)
            }
            state.withLock {
                $0.boundEndpoints = bound
                $0.started = true
            }
            ready.resume()
        } catch {
            for socket in sockets { socket.close() }
            ready.resume(throwing: error)
            return
        }
        loop(sockets)
        for socket in sockets { socket.close() }
        for entry in streams { entry.continuation.finish() }
        let finished = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.done = true
            return state.finished
        }
        for waiter in finished { waiter.resume() }
    }

    private func loop(_ sockets: [Socket]) {
        var poller = Poller()
        for socket in sockets { poller.add(socket) }
        let wakeIndex = poller.add(fileDescriptor: wakeFD)
        var pending = Array(repeating: [Multipart](), count: sockets.count)
        var pendingHead = Array(repeating: 0, count: sockets.count)

        while !stopping.load(ordering: .acquiring) {
            do {
                _ = try poller.poll(timeout: 1000)
            } catch {
                if (error as? ZeroMQError)?.isContextTerminated == true { return }
                continue
            }
            if poller.isReadable(wakeIndex) {
                var counter: UInt64 = 0
                _ = read(wakeFD, &counter, 8)
            }
            let queued = outgoing.withLock { queue -> [(Int, Multipart)] in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            for (index, message) in queued { pending[index].append(message) }

            for (index, socket) in sockets.enumerated() {
                // Receive in bounded batches so one busy socket cannot starve the others.
                if poller.isReadable(index) {
                    var received = 0
                    while received < 1024 {
                        do {
                            guard let message = try socket.receive(dontWait: true) else { break }
                            streams[index].continuation.yield(message)
                            received += 1
                        } catch {
                            if (error as? ZeroMQError)?.isContextTerminated == true { return }
                            break
                        }
                    }
                }
                // Flush what waits for this socket; stop at the high-water mark.
                while pendingHead[index] < pending[index].count {
                    let message = pending[index][pendingHead[index]]
                    do {
                        guard try socket.send(message, dontWait: true) == .sent else { break }
                    } catch {
                        if (error as? ZeroMQError)?.isContextTerminated == true { return }
                        // EHOSTUNREACH from a ROUTER: the peer left; the protocol resends.
                    }
                    pendingHead[index] += 1
                }
                if pendingHead[index] == pending[index].count {
                    pending[index].removeAll(keepingCapacity: true)
                    pendingHead[index] = 0
                    poller.watchWritable(index, false)
                } else {
                    poller.watchWritable(index, true)
                }
            }
        }
    }
}
