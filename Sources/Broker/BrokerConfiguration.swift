import SupportBus
import SupportRuntime

/// Settings of the `bus` process.
public struct BrokerConfiguration: Sendable {
    /// Where the event stream's XSUB binds (producers connect PUB here).
    public var publishBind: String
    /// Where the event stream's XPUB binds (observers connect SUB here).
    public var subscribeBind: String
    /// Where the hand-off ROUTER binds (every service connects a DEALER here).
    public var handoffBind: String

    public init(publishBind: String, subscribeBind: String, handoffBind: String) {
        self.publishBind = publishBind
        self.subscribeBind = subscribeBind
        self.handoffBind = handoffBind
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `broker.publishBind` | `BROKER_PUBLISH_BIND` | value of `bus.publishEndpoint` (`tcp://127.0.0.1:7701`) |
    /// | `broker.subscribeBind` | `BROKER_SUBSCRIBE_BIND` | value of `bus.subscribeEndpoint` (`tcp://127.0.0.1:7702`) |
    /// | `broker.handoffBind` | `BROKER_HANDOFF_BIND` | value of `bus.handoffEndpoint` (`tcp://127.0.0.1:7703`) |
    ///
    /// In containers bind `tcp://*:PORT` and let clients connect to `tcp://bus:PORT`.
    public init(reader: ConfigReader) throws {
        let endpoints = try BusEndpoints(reader: reader)
        self.init(
            publishBind: try reader.endpoint("broker.publishBind", default: endpoints.publish),
            subscribeBind: try reader.endpoint("broker.subscribeBind", default: endpoints.subscribe),
            handoffBind: try reader.endpoint("broker.handoffBind", default: endpoints.handoff))
    }
}
