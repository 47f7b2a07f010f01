import CZeroMQ

/// A ZeroMQ socket, owned by exactly one thread.
///
/// libzmq sockets are not thread-safe, so `Socket` is deliberately not `Sendable`: the compiler
/// keeps it on the thread that made it (normally a ``SocketLoop``). `deinit` closes it; every
/// socket is created with ``SocketType/defaultLinger`` so a close never blocks shutdown.
public final class Socket {
    let handle: UnsafeMutableRawPointer
    public let type: SocketType
    private var closed = false

    /// Makes a socket of `type` on `context`.
    public init(context: Context, type: SocketType) throws {
        guard let handle = zmq_socket(context.handle, type.rawValue) else {
            throw ZeroMQError(errno: zmq_errno(), function: "zmq_socket")
        }
        self.handle = handle
        self.type = type
        try set(.linger, SocketType.defaultLinger)
    }

    deinit { close() }

    /// Closes the socket; later calls do nothing.
    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    /// Binds to `endpoint` (`tcp://127.0.0.1:*` picks a free port) and returns the endpoint
    /// actually bound, as CZMQ's `zsock_bind` does.
    @discardableResult
    public func bind(_ endpoint: String) throws -> String {
        try zmqCheck("zmq_bind") { zmq_bind(handle, endpoint) }
        return try get(.lastEndpoint)
    }

    /// Connects to `endpoint`; libzmq reconnects by itself if the peer goes away.
    public func connect(_ endpoint: String) throws {
        try zmqCheck("zmq_connect") { zmq_connect(handle, endpoint) }
    }

    // MARK: Options

    public func set(_ option: SocketOption<Int32>, _ value: Int32) throws {
        var value = value
        try zmqCheck("zmq_setsockopt") {
            zmq_setsockopt(handle, option.name, &value, MemoryLayout<Int32>.size)
        }
    }

    public func set(_ option: SocketOption<Int64>, _ value: Int64) throws {
        var value = value
        try zmqCheck("zmq_setsockopt") {
            zmq_setsockopt(handle, option.name, &value, MemoryLayout<Int64>.size)
        }
    }

    public func set(_ option: SocketOption<[UInt8]>, _ value: [UInt8]) throws {
        _ = try value.withUnsafeBytes { (raw) throws in
            try zmqCheck("zmq_setsockopt") { zmq_setsockopt(handle, option.name, raw.baseAddress, raw.count) }
        }
    }

    public func set(_ option: SocketOption<[UInt8]>, _ value: String) throws {
        try set(option, Array(value.utf8))
    }

    public func get(_ option: SocketOption<Int32>) throws -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try zmqCheck("zmq_getsockopt") { zmq_getsockopt(handle, option.name, &value, &size) }
        return value
    }

    public func get(_ option: SocketOption<String>) throws -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        try zmqCheck("zmq_getsockopt") { zmq_getsockopt(handle, option.name, &buffer, &size) }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Sending and receiving

    /// What a send did when it did not fail.
    public enum SendResult: Sendable, Equatable {
        case sent
        /// The peer's queue is at its high-water mark (or, with `dontWait`, no peer is ready):
        /// nothing was sent; try again later.
        case wouldBlock
    }

    /// Sends every frame of `message` as one atomic message.
    ///
    /// With `dontWait` an `EAGAIN` on the first frame returns `.wouldBlock` and nothing is
    /// queued; libzmq never splits a message once its first frame is accepted.
    @discardableResult
    public func send(_ message: Multipart, dontWait: Bool = false) throws -> SendResult {
        let last = message.frames.count - 1
        for (index, frame) in message.frames.enumerated() {
            var flags: Int32 = index < last ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            let outcome = try frame.withUnsafeBytes { (raw) throws in
                try zmqCall("zmq_send") { zmq_send(handle, raw.baseAddress, raw.count, flags) }
            }
            if case .wouldBlock = outcome {
                precondition(index == 0, "libzmq refused a later frame of an accepted message")
                return .wouldBlock
            }
        }
        return .sent
    }

    /// Receives one whole message, or nil when none is waiting (`dontWait`) or the receive
    /// timeout passed.
    ///
    /// Uses `zmq_msg_recv`, not `zmq_recv`, because the latter truncates silently. The
    /// `zmq_msg_t` lives on the heap: libzmq stores messages of up to 33 bytes inside the struct
    /// itself, so a Swift stored property passed with `&` could leave it pointing at a copy.
    public func receive(dontWait: Bool = false) throws -> Multipart? {
        try receive(dontWait: dontWait, userID: nil)
    }

    /// Receives one whole message and the authenticated peer's `User-Id`: the name the ZAP
    /// handler gave the connection's key (nil on unauthenticated connections).
    ///
    /// This is how a server learns which role sent a message without trusting its content.
    public func receiveAuthenticated(dontWait: Bool = false) throws -> (message: Multipart, userID: String?)? {
        var userID: String?
        guard let message = try receive(dontWait: dontWait, userID: &userID) else { return nil }
        return (message, userID)
    }

    private func receive(dontWait: Bool, userID: UnsafeMutablePointer<String?>?) throws -> Multipart? {
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        var frames: [[UInt8]] = []
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        while true {
            zmq_msg_init(message)
            defer { zmq_msg_close(message) }
            let outcome = try zmqCall("zmq_msg_recv") { zmq_msg_recv(message, handle, frames.isEmpty ? flags : 0) }
            guard case .done(let size) = outcome else { return nil }
            // A ROUTER's first frame is the routing id it made itself, without metadata: take
            // the User-Id from the first frame that carries one.
            if let userID, userID.pointee == nil { userID.pointee = Self.userID(of: message) }
            let data = zmq_msg_data(message)
            frames.append(size == 0 ? [] : Array(UnsafeRawBufferPointer(start: data, count: Int(size))))
            if zmq_msg_more(message) == 0 { break }
        }
        return Multipart(frames)
    }

    /// The `User-Id` metadata libzmq attaches to a received frame, if the peer authenticated.
    static func userID(of message: UnsafeMutablePointer<zmq_msg_t>) -> String? {
        guard let value = zmq_msg_gets(message, "User-Id") else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
