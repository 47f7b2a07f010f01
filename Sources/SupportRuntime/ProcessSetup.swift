import Foundation
public import Logging
import Metrics
import SupportBus

/// What every service's `main` does first, before it builds anything that logs or counts:
/// logging, metrics and the readiness limits, from settings.
///
/// | key | env | default |
/// |---|---|---|
/// | `log.level` | `LOG_LEVEL` | `info` (trace…critical) |
/// | `log.format` | `LOG_FORMAT` | `text`; `json` is one object per line |
/// | `metrics.enabled` | `METRICS_ENABLED` | `true`; `false` records nothing (`/metrics` is empty) |
/// | `ops.backlogLimit` | `OPS_BACKLOG_LIMIT` | `10000` hand-offs waiting for DONE before readiness fails |
public enum ProcessSetup {
    public static func bootstrap(reader: ConfigReader, service: String) throws -> Logger {
        let logger = try LogSetup.bootstrap(reader: reader, service: service)
        // Metrics must be bootstrapped before any counter is made: one made earlier stays a no-op.
        if try reader.bool("metrics.enabled", default: true) {
            Observability.bootstrap()
            Gauge(label: "supportdesk_process_start_time_seconds", dimensions: [("service", service)])
                .record(Date().timeIntervalSince1970)
            // An info metric (always 1): which process answers on this port, for `supportctl status`.
            Gauge(label: "supportdesk_process_info", dimensions: [("service", service), ("pid", "\(getpid())")]).record(1)
        }
        Readiness.backlogLimit = try reader.int("ops.backlogLimit", default: 10_000, range: 1...100_000_000)
        return logger
    }
}
