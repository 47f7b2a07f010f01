import SupportBus

extension BusEndpoints {
    /// Reads the broker addresses every process shares.
    ///
    /// | key | env | default |
    /// |---|---|---|
    /// | `bus.publishEndpoint` | `BUS_PUBLISH_ENDPOINT` | `tcp://127.0.0.1:7701` |
    /// | `bus.subscribeEndpoint` | `BUS_SUBSCRIBE_ENDPOINT` | `tcp://127.0.0.1:7702` |
    /// | `bus.handoffEndpoint` | `BUS_HANDOFF_ENDPOINT` | `tcp://127.0.0.1:7703` |
    /// | `bus.historyEndpoint` | `BUS_HISTORY_ENDPOINT` | `tcp://127.0.0.1:7704` |
    public init(reader: ConfigReader) throws {
        let defaults = BusEndpoints.localDefault
        self.init(
            publish: try reader.endpoint("bus.publishEndpoint", default: defaults.publish),
            subscribe: try reader.endpoint("bus.subscribeEndpoint", default: defaults.subscribe),
            handoff: try reader.endpoint("bus.handoffEndpoint", default: defaults.handoff),
            history: try reader.endpoint("bus.historyEndpoint", default: defaults.history))
    }
}
