/// How a ``SocketLoop`` makes one of its sockets: type, endpoints, options, subscriptions.
///
/// The socket itself is created on the loop's thread from this description, so no socket
/// ever crosses a thread.
public struct SocketSpec: Sendable {
    public var type: SocketType
    public var bind: [String]
    public var connect: [String]
    public var subscriptions: [String]
    /// Integer options applied before binding or connecting.
    public var options: [(SocketOption<Int32>, Int32)]
    /// Byte options (identity) applied before binding or connecting.
    public var byteOptions: [(SocketOption<[UInt8]>, [UInt8])]
    /// Largest accepted message from a peer, in bytes (garbage and abuse protection).
    public var maximumMessageSize: Int64
    /// How many received messages wait for the async consumer before the oldest are dropped.
    /// `nil` keeps them all: use it only where the protocol bounds what is in flight (credit).
    public var receiveBuffer: Int?

    public init(
        _ type: SocketType,
        bind: [String] = [],
        connect: [String] = [],
        subscriptions: [String] = [],
        options: [(SocketOption<Int32>, Int32)] = [],
        byteOptions: [(SocketOption<[UInt8]>, [UInt8])] = [],
        maximumMessageSize: Int64 = 16 << 20,
        receiveBuffer: Int? = nil
    ) {
        self.type = type
        self.bind = bind
        self.connect = connect
        self.subscriptions = subscriptions
        self.options = options
        self.byteOptions = byteOptions
        self.maximumMessageSize = maximumMessageSize
        self.receiveBuffer = receiveBuffer
    }

    /// Makes, configures, binds and connects the socket; called on the owning thread.
    func make(in context: Context) throws -> (Socket, [String]) {
        let socket = try Socket(context: context, type: type)
        for (option, value) in options { try socket.set(option, value) }
        for (option, value) in byteOptions { try socket.set(option, value) }
        try socket.set(.maximumMessageSize, maximumMessageSize)
        for prefix in subscriptions { try socket.set(.subscribe, prefix) }
        var bound: [String] = []
        for endpoint in bind { bound.append(try socket.bind(endpoint)) }
        for endpoint in connect { try socket.connect(endpoint) }
        return (socket, bound)
    }
}
