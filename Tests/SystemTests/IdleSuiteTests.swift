import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// What the suite costs when nobody writes: on a two-core machine, a process that spins while it
/// waits takes a core from the ones doing the work. An idle notification process once spun one
/// on delivery passes (its wake stream had finished for good), which the other services then
/// lacked under load.
@Suite struct IdleSuiteTests {
    /// CPU seconds a process has used so far (user and system), from `/proc/PID/stat`.
    static func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may hold spaces:
        // utime and stime are the 14th and 15th fields, the 12th and 13th after it.
        let fields = try #require(stat.split(separator: ")").last).split(separator: " ")
        let ticks = try #require(Double(fields[11])) + (try #require(Double(fields[12])))
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test("an idle suite sleeps: each process uses under a tenth of a core while no work comes")
    func idleProcessesSleep() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        // One ticket through every service first, so each has worked and then gone idle.
        let (status, _) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
        #expect(status == 201)
        try await Task.sleep(for: .seconds(3))

        let window = 4.0
        let before = try suite.pids.mapValues(Self.cpuSeconds)
        try await Task.sleep(for: .seconds(window))
        for (name, pid) in suite.pids.sorted(by: { $0.key < $1.key }) {
            let used = try Self.cpuSeconds(pid) - (before[name] ?? 0)
            #expect(used < window / 10, "\(name) used \(used) s of CPU in \(window) idle seconds")
        }
        #expect(suite.pids.keys.contains("notification"))
    }
}
}
