import Foundation
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
    /// Where the history ROUTER binds (`supportctl tail --since` asks here).
    public var historyBind: String
    /// SQLite file keeping the event stream for replay; nil keeps no history.
    public var historyPath: String?
    /// How long the history keeps events.
    public var historyRetention: TimeInterval
    /// The bus keys (`broker.key` and `allowlist`); nil runs in plain text, loopback only.
    public var keys: BusKeyring?

    public init(
        publishBind: String, subscribeBind: String, handoffBind: String, historyBind: String = "tcp://127.0.0.1:7704",
        historyPath: String? = nil, historyRetention: TimeInterval = 86_400, keys: BusKeyring? = nil
    ) {
        self.keys = keys
        self.publishBind = publishBind
        self.subscribeBind = subscribeBind
        self.handoffBind = handoffBind
        self.historyBind = historyBind
        self.historyPath = historyPath
        self.historyRetention = historyRetention
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `broker.publishBind` | `BROKER_PUBLISH_BIND` | value of `bus.publishEndpoint` (`tcp://127.0.0.1:7701`) |
    /// | `broker.subscribeBind` | `BROKER_SUBSCRIBE_BIND` | value of `bus.subscribeEndpoint` (`tcp://127.0.0.1:7702`) |
    /// | `broker.handoffBind` | `BROKER_HANDOFF_BIND` | value of `bus.handoffEndpoint` (`tcp://127.0.0.1:7703`) |
    /// | `broker.historyBind` | `BROKER_HISTORY_BIND` | value of `bus.historyEndpoint` (`tcp://127.0.0.1:7704`) |
    /// | `broker.historyPath` | `BROKER_HISTORY_PATH` | none: no history kept (`supportctl up` sets `<data>/bus-history.sqlite`) |
    /// | `broker.historyRetentionHours` | `BROKER_HISTORY_RETENTION_HOURS` | `24` |
    /// | `bus.keys` | `BUS_KEYS` | unset: plain text, and every bind must be loopback or ipc |
    ///
    /// In containers bind `tcp://*:PORT` and let clients connect to `tcp://bus:PORT`; that
    /// needs `bus.keys` (or `bus.insecure=true`).
    public init(reader: ConfigReader) throws {
        let endpoints = try BusEndpoints(reader: reader, identity: nil)
        let keys = try BusEndpoints.keyring(reader: reader)
        if let keys {
            do {
                _ = try keys.keyPair(BusKeyring.brokerName)
                _ = try keys.allowlist()
            } catch let error as BusKeyError {
                throw ConfigError(key: "bus.keys", value: keys.folder.path, expected: "a folder with \(error)")
            } catch {
                throw ConfigError(key: "bus.keys", value: keys.folder.path, expected: "a readable allowlist (\(error))")
            }
        }
        self.init(
            publishBind: try reader.endpoint("broker.publishBind", default: endpoints.publish),
            subscribeBind: try reader.endpoint("broker.subscribeBind", default: endpoints.subscribe),
            handoffBind: try reader.endpoint("broker.handoffBind", default: endpoints.handoff),
            historyBind: try reader.endpoint("broker.historyBind", default: endpoints.history),
            historyPath: reader.optionalString("broker.historyPath"),
            historyRetention: TimeInterval(try reader.int("broker.historyRetentionHours", default: 24, range: 1...8760) * 3600),
            keys: keys)
        if keys == nil, try !reader.bool("bus.insecure", default: false) {
            for (key, bind) in [
                ("broker.publishBind", publishBind), ("broker.subscribeBind", subscribeBind),
                ("broker.handoffBind", handoffBind), ("broker.historyBind", historyBind),
            ] where !BusEndpoints.isLocal(bind) {
                throw ConfigError(
                    key: key, value: bind,
                    expected: "a loopback or ipc:// address while bus.keys is unset; set bus.keys to the folder "
                        + "`supportctl keys init` made, or bus.insecure=true")
            }
        }
    }
}
