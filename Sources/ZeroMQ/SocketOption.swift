import CZeroMQ

/// A typed socket option: the libzmq constant and the Swift type of its value, in one table
/// (CZMQ's `sockopts.xml`, cppzmq's `sockopt` namespace).
public struct SocketOption<Value>: Sendable {
    let name: Int32
    public init(_ name: Int32) { self.name = name }
}

extension SocketOption where Value == Int32 {
    /// Milliseconds unsent messages are kept after close. Set on every socket by default
    /// (``SocketType/defaultLinger``) so shutdown cannot hang.
    public static var linger: Self { .init(ZMQ_LINGER) }
    /// Messages queued per peer before send blocks or drops (default 1000). Pipeline sockets
    /// raise it on purpose; see the hand-off notes in ARCHITECTURE.md.
    public static var sendHighWaterMark: Self { .init(ZMQ_SNDHWM) }
    /// Messages queued per peer on the receiving side (default 1000).
    public static var receiveHighWaterMark: Self { .init(ZMQ_RCVHWM) }
    /// Receive timeout in milliseconds; -1 blocks forever. Owner threads use polling instead.
    public static var receiveTimeout: Self { .init(ZMQ_RCVTIMEO) }
    /// Send timeout in milliseconds; -1 blocks forever.
    public static var sendTimeout: Self { .init(ZMQ_SNDTIMEO) }
    /// 1: a ROUTER reports an unroutable peer with `EHOSTUNREACH` instead of dropping silently.
    public static var routerMandatory: Self { .init(ZMQ_ROUTER_MANDATORY) }
    /// 1: an XPUB at its high-water mark answers `EAGAIN` instead of dropping.
    public static var xpubNoDrop: Self { .init(ZMQ_XPUB_NODROP) }
    /// 1: queue only to completed connections, so messages do not wait for a peer that may
    /// never come.
    public static var immediate: Self { .init(ZMQ_IMMEDIATE) }
    /// Milliseconds between ZMTP heartbeats; 0 disables. Detects dead TCP peers.
    public static var heartbeatInterval: Self { .init(ZMQ_HEARTBEAT_IVL) }
    /// Milliseconds without traffic after which a heartbeating peer is considered gone.
    public static var heartbeatTimeout: Self { .init(ZMQ_HEARTBEAT_TIMEOUT) }
    /// 1 while more frames of the current message follow (read-only).
    public static var receiveMore: Self { .init(ZMQ_RCVMORE) }
    /// The file descriptor libzmq signals when the socket's events change (read-only).
    public static var fileDescriptor: Self { .init(ZMQ_FD) }
    /// 1: this socket is a CURVE server (holds a secret key; clients must know its public key).
    public static var curveServer: Self { .init(ZMQ_CURVE_SERVER) }
}

extension SocketOption where Value == Int64 {
    /// Largest message accepted from a peer in bytes; a peer sending more is disconnected.
    /// -1 means no limit. Set on every socket that faces the network (garbage protection).
    public static var maximumMessageSize: Self { .init(ZMQ_MAXMSGSIZE) }
}

extension SocketOption where Value == [UInt8] {
    /// Topic prefix to receive on a SUB socket (write-only); empty means everything.
    public static var subscribe: Self { .init(ZMQ_SUBSCRIBE) }
    /// Topic prefix to stop receiving on a SUB socket (write-only).
    public static var unsubscribe: Self { .init(ZMQ_UNSUBSCRIBE) }
    /// The identity a DEALER or REQ presents to a ROUTER; set before connecting.
    public static var routingID: Self { .init(ZMQ_ROUTING_ID) }
    /// A message an XPUB sends each new subscriber, which tells it the connection is up.
    public static var xpubWelcomeMessage: Self { .init(ZMQ_XPUB_WELCOME_MSG) }
    /// This socket's CURVE public key (40-character Z85 text); set before connecting.
    public static var curvePublicKey: Self { .init(ZMQ_CURVE_PUBLICKEY) }
    /// This socket's CURVE secret key (40-character Z85 text); set before binding or connecting.
    public static var curveSecretKey: Self { .init(ZMQ_CURVE_SECRETKEY) }
    /// The server's CURVE public key a client expects (Z85); a server with another key is refused.
    public static var curveServerKey: Self { .init(ZMQ_CURVE_SERVERKEY) }
    /// The ZAP domain: with it set, every connection is put to the ZAP handler of the context.
    public static var zapDomain: Self { .init(ZMQ_ZAP_DOMAIN) }
}

extension SocketOption where Value == String {
    /// The endpoint last bound, with the port a `*` wildcard got (read-only).
    public static var lastEndpoint: Self { .init(ZMQ_LAST_ENDPOINT) }
}
