/// Where the broker listens. Every service finds every other through these three addresses,
/// which is what lets each scale on its own.
public struct BusEndpoints: Sendable, Hashable, Codable {
    /// XSUB side of the event stream; producers' PUB sockets connect here.
    public var publish: String
    /// XPUB side of the event stream; observers (tail, dashboards) connect SUB sockets here.
    public var subscribe: String
    /// ROUTER for the reliable hand-offs; every service connects one DEALER here.
    public var handoff: String

    public init(publish: String, subscribe: String, handoff: String) {
        self.publish = publish
        self.subscribe = subscribe
        self.handoff = handoff
    }

    /// Loopback defaults: 7701 publish, 7702 subscribe, 7703 hand-off.
    public static let localDefault = BusEndpoints(
        publish: "tcp://127.0.0.1:7701", subscribe: "tcp://127.0.0.1:7702", handoff: "tcp://127.0.0.1:7703")
}
