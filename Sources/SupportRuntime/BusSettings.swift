import Foundation
import SupportBus

extension BusEndpoints {
    /// Reads the broker addresses every process shares, and the keys `identity` connects with.
    ///
    /// | key | env | default |
    /// |---|---|---|
    /// | `bus.publishEndpoint` | `BUS_PUBLISH_ENDPOINT` | `tcp://127.0.0.1:7701` |
    /// | `bus.subscribeEndpoint` | `BUS_SUBSCRIBE_ENDPOINT` | `tcp://127.0.0.1:7702` |
    /// | `bus.handoffEndpoint` | `BUS_HANDOFF_ENDPOINT` | `tcp://127.0.0.1:7703` |
    /// | `bus.historyEndpoint` | `BUS_HISTORY_ENDPOINT` | `tcp://127.0.0.1:7704` |
    /// | `bus.keys` | `BUS_KEYS` | unset: plain text, loopback only |
    /// | `bus.insecure` | `BUS_INSECURE` | `false`: refuse plain text beyond loopback |
    ///
    /// `bus.keys` names the folder `supportctl keys init` made; the process reads its own
    /// `<identity>.key` and `broker.pub` there (`identity` nil: endpoints only, as the broker
    /// reads them).
    public init(reader: ConfigReader, identity: BusIdentity?) throws {
        let defaults = BusEndpoints.localDefault
        self.init(
            publish: try reader.endpoint("bus.publishEndpoint", default: defaults.publish),
            subscribe: try reader.endpoint("bus.subscribeEndpoint", default: defaults.subscribe),
            handoff: try reader.endpoint("bus.handoffEndpoint", default: defaults.handoff),
            history: try reader.endpoint("bus.historyEndpoint", default: defaults.history))
        let keys = try Self.keyring(reader: reader)
        if let keys, let identity {
            do {
                credentials = try keys.credentials(for: identity)
            } catch let error as BusKeyError {
                throw ConfigError(key: "bus.keys", value: keys.folder.path, expected: "a folder with \(error)")
            }
        }
        if keys == nil, try !reader.bool("bus.insecure", default: false) {
            for (key, endpoint) in [
                ("bus.publishEndpoint", publish), ("bus.subscribeEndpoint", subscribe), ("bus.handoffEndpoint", handoff),
                ("bus.historyEndpoint", history),
            ] where !Self.isLocal(endpoint) {
                throw ConfigError(
                    key: key, value: endpoint,
                    expected: "a loopback or ipc:// endpoint while bus.keys is unset (the bus would carry tickets in clear); "
                        + "set bus.keys to the folder `supportctl keys init` made, or bus.insecure=true")
            }
        }
    }

    /// The key folder named by `bus.keys`, checked to exist; nil when unset.
    public static func keyring(reader: ConfigReader) throws -> BusKeyring? {
        guard let path = reader.optionalString("bus.keys"), !path.isEmpty else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError(key: "bus.keys", value: path, expected: "an existing folder made by `supportctl keys init`")
        }
        return BusKeyring(folder: URL(fileURLWithPath: path))
    }

    /// Whether an endpoint stays on this machine (loopback TCP, ipc, inproc).
    public static func isLocal(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        let host = endpoint.dropFirst("tcp://".count).split(separator: ":").dropLast().joined(separator: ":")
        return host.hasPrefix("127.") || host == "localhost" || host == "[::1]" || host == "::1"
    }
}
