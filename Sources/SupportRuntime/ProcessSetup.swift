import Foundation
#if canImport(Glibc)
    import Glibc
#endif
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
        keepFreedMemory()
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

    /// glibc hands the free top of each thread's heap back to the kernel past 128 KiB and maps
    /// it again on the next burst: on intake that was about 9 % of the database writer's time in
    /// `madvise`, `mprotect` and page faults (`perf`, BENCHMARKS.md). 64 MiB keeps a burst's
    /// memory for the next one. glibc's own `MALLOC_TRIM_THRESHOLD_`, when set, still decides.
    /// (`mallopt` is looked up at run time: Swift's Glibc module leaves out `malloc.h`.)
    static func keepFreedMemory() {
        #if canImport(Glibc)
            guard ProcessInfo.processInfo.environment["MALLOC_TRIM_THRESHOLD_"] == nil,
                let symbol = dlsym(nil, "mallopt")  // nil: RTLD_DEFAULT, the process's own libc
            else { return }
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
            _ = mallopt(trimThreshold, 64 << 20)
        #endif
    }
}
