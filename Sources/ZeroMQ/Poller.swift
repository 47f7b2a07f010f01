import CZeroMQ

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

    /// Whether the item at `index` had a message (or data) waiting at the last poll.
    public func isReadable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLIN) != 0 }
    /// Whether the item at `index` could accept a message at the last poll.
    public func isWritable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLOUT) != 0 }
}
