import Foundation
import SupportBus
import SupportDomain
import SupportRuntime
public import SupportStore

/// Settings of the `sla` process.
public struct SLAConfiguration: Sendable {
    /// SQLite file or PostgreSQL server (`store.url`).
    public var store: StoreLocation
    public var policy: SLAPolicy
    public var policyPath: String?
    public var bus: BusEndpoints
    /// How often the timer loop looks for due warnings and breaches, in milliseconds.
    public var tickMilliseconds: Int

    public init(store: StoreLocation, policy: SLAPolicy = .default, policyPath: String? = nil, bus: BusEndpoints = .localDefault, tickMilliseconds: Int = 200) {
        self.store = store
        self.policy = policy
        self.policyPath = policyPath
        self.bus = bus
        self.tickMilliseconds = tickMilliseconds
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `store.url` | `STORE_URL` | `sqlite:` + `store.path` |
    /// | `store.path` | `STORE_PATH` | `data/sla.sqlite` |
    /// | `sla.policyPath` | `SLA_POLICY_PATH` | built-in SPEC defaults (same as `services/sla/policy.json`) |
    /// | `sla.tickMilliseconds` | `SLA_TICK_MILLISECONDS` | `200` |
    /// | `bus.*` | see `BusEndpoints(reader:)` | loopback 7701–7703 |
    public init(reader: ConfigReader) throws {
        let path = reader.optionalString("sla.policyPath")
        self.init(
            store: try reader.storeLocation(defaultPath: "data/sla.sqlite"),
            policy: try PolicyLoader.load(path: path), policyPath: path,
            bus: try BusEndpoints(reader: reader, identity: .sla),
            tickMilliseconds: try reader.int("sla.tickMilliseconds", default: 200, range: 10...1000))
    }
}
