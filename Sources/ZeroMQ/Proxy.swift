import CZeroMQ
import Foundation
import Synchronization

/// A forwarding device on a dedicated thread: libzmq's own `zmq_proxy_steerable`, or, when a
/// filter is given, the same loop with a look at each frontend message first.
///
/// The broker's event stream is an XSUB/XPUB pair joined by this proxy. Without a filter libzmq
/// moves messages and subscriptions in C, with no Swift on the hot path. With one, each
/// message's first frame and its sender's authenticated `User-Id` go to the filter, and frames
/// move as `zmq_msg_t` without copying. A PAIR control socket lets async code ask for
/// statistics and terminate it cleanly, in both modes.
public final class Proxy: Sendable {
    private let context: Context
    private let frontend: SocketSpec
    private let backend: SocketSpec
    private let capture: SocketSpec?
    private let filter: (@Sendable (_ firstFrame: UnsafeRawBufferPointer, _ userID: String?) -> Bool)?
    private let controlEndpoint: String
    private let state = Mutex<State>(State())

    private struct State {
        var frontendEndpoints: [String] = []
        var backendEndpoints: [String] = []
        var finished: CheckedContinuation<Void, Never>?
        var done = false
        var running = false
    }

    /// Describes the proxy; `capture`, if given, receives a copy of every message (a PUB or PUSH).
    ///
    /// `filter`, if given, decides per frontend message whether it goes on; it runs on the
    /// proxy thread, so it must be quick and must not block.
    public init(
        context: Context, frontend: SocketSpec, backend: SocketSpec, capture: SocketSpec? = nil,
        filter: (@Sendable (_ firstFrame: UnsafeRawBufferPointer, _ userID: String?) -> Bool)? = nil
    ) {
        self.context = context
        self.frontend = frontend
        self.backend = backend
        self.capture = capture
        self.filter = filter
        self.controlEndpoint = "inproc://proxy-control-\(UUID().uuidString)"
    }

    /// Endpoints the frontend and backend bound, wildcard ports resolved.
    public var boundEndpoints: (frontend: [String], backend: [String]) {
        state.withLock { ($0.frontendEndpoints, $0.backendEndpoints) }
    }

    /// Makes the sockets on the proxy thread and returns once they are bound.
    public func start() async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in self.run(ready: ready) }
            thread.name = "zmq-proxy"
            thread.start()
        }
    }

    /// Message and byte counters libzmq keeps for the proxy, or nil when it is not running.
    public func statistics() async -> ProxyStatistics? {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: self.command("STATISTICS"))
            }
            thread.start()
        }
    }

    /// Terminates the proxy and waits for its thread to close the sockets.
    public func stop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.done || !state.running { return true }
                state.finished = done
                return false
            }
            if resumeNow {
                done.resume()
            } else {
                let thread = Thread { [self] in _ = self.command("TERMINATE") }
                thread.start()
            }
        }
    }

    /// Sends one control command on a short-lived PAIR (made and closed on the calling thread).
    private func command(_ verb: String) -> ProxyStatistics? {
        guard let control = try? Socket(context: context, type: .pair),
            (try? control.connect(controlEndpoint)) != nil,
            (try? control.set(.receiveTimeout, 2000)) != nil,
            (try? control.set(.sendTimeout, 2000)) != nil,
            (try? control.send(Multipart(strings: [verb]))) == .sent
        else { return nil }
        guard verb == "STATISTICS", let reply = try? control.receive(), reply.count == 8 else { return nil }
        let values = reply.frames.map { frame in
            frame.count == 8 ? frame.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } : 0
        }
        return ProxyStatistics(
            frontendMessagesIn: values[0], frontendBytesIn: values[1],
            frontendMessagesOut: values[2], frontendBytesOut: values[3],
            backendMessagesIn: values[4], backendBytesIn: values[5],
            backendMessagesOut: values[6], backendBytesOut: values[7])
    }

    private func run(ready: CheckedContinuation<Void, any Error>) {
        let sockets: (Socket, Socket, Socket?, Socket)
        do {
            let (front, frontBound) = try frontend.make(in: context)
            let (back, backBound) = try backend.make(in: context)
            let cap = try capture.map { try $0.make(in: context).0 }
            let control = try Socket(context: context, type: .pair)
            try control.bind(controlEndpoint)
            sockets = (front, back, cap, control)
            state.withLock {
                $0.frontendEndpoints = frontBound
                $0.backendEndpoints = backBound
                $0.running = true
            }
            ready.resume()
        } catch {
            ready.resume(throwing: error)
            return
        }
        // Blocks until TERMINATE arrives on the control socket or the context shuts down.
        if let filter {
            var loop = FilteringLoop(
                frontend: sockets.0, backend: sockets.1, capture: sockets.2, control: sockets.3, filter: filter)
            loop.run()
        } else {
            _ = zmq_proxy_steerable(sockets.0.handle, sockets.1.handle, sockets.2?.handle, sockets.3.handle)
        }
        sockets.0.close()
        sockets.1.close()
        sockets.2?.close()
        sockets.3.close()
        let finished = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.done = true
            return state.finished
        }
        finished?.resume()
    }
}

/// Counters from `zmq_proxy_steerable`'s STATISTICS command.
public struct ProxyStatistics: Sendable, Equatable, Codable {
    public var frontendMessagesIn: UInt64
    public var frontendBytesIn: UInt64
    public var frontendMessagesOut: UInt64
    public var frontendBytesOut: UInt64
    public var backendMessagesIn: UInt64
    public var backendBytesIn: UInt64
    public var backendMessagesOut: UInt64
    public var backendBytesOut: UInt64
}
