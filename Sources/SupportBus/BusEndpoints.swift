public import ZeroMQ

/// Where the broker listens. Every service finds every other through these three addresses,
/// which is what lets each scale on its own.
public struct BusEndpoints: Sendable, Hashable, Codable {
    /// XSUB side of the event stream; producers' PUB sockets connect here.
    public var publish: String
    /// XPUB side of the event stream; observers (tail, dashboards) connect SUB sockets here.
    public var subscribe: String
    /// ROUTER for the reliable hand-offs; every service connects one DEALER here.
    public var handoff: String
    /// ROUTER answering history queries (`supportctl tail --since`).
    public var history: String
    /// The CURVE keys this process connects with; nil connects in plain text (loopback only,
    /// see `bus.keys`). Never encoded: secrets stay in their files.
    public var credentials: BusCredentials?

    public init(
        publish: String, subscribe: String, handoff: String, history: String = "tcp://127.0.0.1:7704",
        credentials: BusCredentials? = nil
    ) {
        self.publish = publish
        self.subscribe = subscribe
        self.handoff = handoff
        self.history = history
        self.credentials = credentials
    }

    private enum CodingKeys: String, CodingKey { case publish, subscribe, handoff, history }

    /// Options a client socket needs to reach the broker (CURVE client keys, when any).
    public var clientByteOptions: [(SocketOption<[UInt8]>, [UInt8])] { credentials?.clientOptions ?? [] }

    /// Loopback defaults: 7701 publish, 7702 subscribe, 7703 hand-off, 7704 history.
    public static let localDefault = BusEndpoints(
        publish: "tcp://127.0.0.1:7701", subscribe: "tcp://127.0.0.1:7702", handoff: "tcp://127.0.0.1:7703",
        history: "tcp://127.0.0.1:7704")

    /// The welcome message the stream's XPUB sends each new subscriber: a subscriber that has
    /// it knows its connection is attached.
    public static let welcome = "SDWELCOME"
}
