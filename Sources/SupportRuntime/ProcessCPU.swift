import Foundation

/// CPU time this process has used (user and system, every thread), in seconds: what a phase of
/// a load run (`supportctl load`, the store benchmarks) costs per item, a steadier measure than its rate on a machine shared with
/// neighbours whose speed varies from run to run.
public enum ProcessCPU {
    public static var seconds: Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
