import CZeroMQ

/// A libzmq context: the I/O threads every socket of a process shares.
///
/// The context is thread-safe (libzmq guarantees it), so it is `Sendable` and one is made per
/// process. ``shutdown()`` wakes every blocked socket with `ETERM` before the sockets are closed by
/// their owners, and the context is terminated when the last reference goes, as cppzmq does.
public final class Context: Sendable {
    nonisolated(unsafe) let handle: UnsafeMutableRawPointer

    /// Makes a context with `ioThreads` background I/O threads (libzmq's default is 1, enough
    /// for about a gigabyte a second).
    public init(ioThreads: Int32 = 1) throws {
        guard let handle = zmq_ctx_new() else {
            throw ZeroMQError(errno: zmq_errno(), function: "zmq_ctx_new")
        }
        self.handle = handle
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
    }

    /// Makes every blocking call on this context's sockets fail with `ETERM`, so owner threads
    /// notice, close their sockets and leave. Safe to call more than once.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    deinit {
        // zmq_ctx_term blocks until every socket is closed; all our sockets set a finite linger
        // (see SocketType.defaultLinger), so this returns.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The libzmq version this process runs against, e.g. "4.3.4".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// Whether libzmq was built with a capability such as "curve" or "draft".
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) != 0
    }
}
