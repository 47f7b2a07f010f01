import Foundation
import SupportDomain
import Yams

/// Reads the SLA policy every process that computes SLA times shares (sla, intake's SLA view).
public enum PolicyLoader {
    /// The policy at `path` (JSON or YAML), or the built-in SPEC defaults when `path` is nil.
    /// A bad file throws ``ConfigError`` with the exact place of the error.
    ///
    /// | key | env | default |
    /// |---|---|---|
    /// | `sla.policyPath` | `SLA_POLICY_PATH` | built-in SPEC defaults (same as `services/sla/policy.json`) |
    public static func load(path: String?) throws -> SLAPolicy {
        guard let path else { return .default }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(key: "sla.policyPath", value: path, expected: "a readable policy file (JSON or YAML)")
        }
        do {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                return try YAMLDecoder().decode(SLAPolicy.self, from: data)
            }
            return try JSONDecoder().decode(SLAPolicy.self, from: data)
        } catch {
            throw ConfigError(key: "sla.policyPath", value: path, expected: "a valid SLA policy: \(error)")
        }
    }
}
