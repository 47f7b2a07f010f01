import Foundation
import SupportBus
import SupportDomain
import SupportRuntime

/// Settings of the `sla` process.
public struct SLAConfiguration: Sendable {
    public var storePath: String
    public var policy: SLAPolicy
    public var policyPath: String?
    public var bus: BusEndpoints
    /// How often the timer loop looks for due warnings and breaches, in milliseconds.
    public var tickMilliseconds: Int

    public init(storePath: String, policy: SLAPolicy = .default, policyPath: String? = nil, bus: BusEndpoints = .localDefault, tickMilliseconds: Int = 200) {
        self.storePath = storePath
        self.policy = policy
        self.policyPath = policyPath
        self.bus = bus
        self.tickMilliseconds = tickMilliseconds
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `store.path` | `STORE_PATH` | `data/sla.sqlite` |
    /// | `sla.policyPath` | `SLA_POLICY_PATH` | built-in SPEC defaults (same as `services/sla/policy.json`) |
    /// | `sla.tickMilliseconds` | `SLA_TICK_MILLISECONDS` | `200` |
    /// | `bus.*` | see `BusEndpoints(reader:)` | loopback 7701–7703 |
    public init(reader: ConfigReader) throws {
        let path = reader.optionalString("sla.policyPath")
        self.init(
            storePath: reader.string("store.path", default: "data/sla.sqlite"),
            policy: try PolicyLoader.load(path: path), policyPath: path,
            bus: try BusEndpoints(reader: reader, identity: .sla),
            tickMilliseconds: try reader.int("sla.tickMilliseconds", default: 200, range: 10...1000))
    }
}
