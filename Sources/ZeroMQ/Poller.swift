import CZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Waits on several sockets and plain file descriptors at once with `zmq_poll`.
///
/// libzmq 4.3.4 here has no draft API, so there is no `zmq_poller_*`; `zmq_poll` over a small
/// array is what CZMQ's `zpoller` does too. The poller borrows its sockets: it must be used on the
/// thread that owns them.
public struct Poller {
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Watches `socket` for incoming messages; returns the index reported by ``poll(timeout:)``.
    @discardableResult
    public mutating func add(_ socket: Socket, readable: Bool = true, writable: Bool = false) -> Int {
        var events: Int16 = 0
        if readable { events |= Int16(ZMQ_POLLIN) }
        if writable { events |= Int16(ZMQ_POLLOUT) }
        items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: events, revents: 0))
        return items.count - 1
    }

    /// Watches a plain file descriptor (an eventfd, a pipe) for readability.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Changes whether the item at `index` is watched for writability (to retry sends that hit
    /// the high-water mark).
    public mutating func watchWritable(_ index: Int, _ on: Bool) {
        if on { items[index].events |= Int16(ZMQ_POLLOUT) } else { items[index].events &= ~Int16(ZMQ_POLLOUT) }
    }

    /// Blocks up to `timeout` milliseconds (-1: forever) and returns how many items are ready.
    public mutating func poll(timeout milliseconds: Int) throws -> Int {
        let count = Int32(items.count)
        let outcome = try items.withUnsafeMutableBufferPointer { (buffer) throws in
            try zmqCall("zmq_poll") { zmq_poll(buffer.baseAddress, count, milliseconds) }
        }
        switch outcome {
        case .done(let ready): return Int(ready)
        case .wouldBlock: return 0
        }
    }

    /// Blocks up to `timeout` and returns how many items are ready, to the microsecond where
    /// ``poll(timeout:)`` counts whole milliseconds: a sender pacing more than a thousand
    /// messages a second waits less than a millisecond between two, and a zero-millisecond poll
    /// in a loop spins a core (one the service it measures then lacks). A timer descriptor set
    /// to `timeout` is watched alongside the items for this one call.
    public mutating func poll(timeout: Duration) throws -> Int {
        let timer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC))
        guard timer >= 0 else { throw ZeroMQError(errno: errno, function: "timerfd_create") }
        defer { close(timer) }
        let (seconds, attoseconds) = max(timeout, .nanoseconds(1)).components
        var deadline = itimerspec(
            it_interval: timespec(), it_value: timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000)))
        guard timerfd_settime(timer, 0, &deadline, nil) == 0 else { throw ZeroMQError(errno: errno, function: "timerfd_settime") }
        let timerIndex = add(fileDescriptor: timer)
        defer { items.remove(at: timerIndex) }
        let ready = try poll(timeout: -1)
        return isReadable(timerIndex) ? ready - 1 : ready
    }

    /// Whether the item at `index` had a message (or data) waiting at the last poll.
    public func isReadable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLIN) != 0 }
    /// Whether the item at `index` could accept a message at the last poll.
    public func isWritable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLOUT) != 0 }
}
