import Foundation
import SupportRuntime
import Synchronization
import Testing

/// Blocking work given to `DedicatedThread.run` holds no thread of the concurrency pool.
@Suite struct DedicatedThreadTests {
    /// More jobs than the pool has threads, each blocked until every one has started: on the
    /// pool (one thread per core) the later ones could not start and the first would wait out
    /// their deadline; each on a thread of its own, all meet.
    @Test("more blocking jobs than cores all run at once, and results and errors come back")
    func blockingJobsRunTogether() async throws {
        struct Refused: Error {}
        let jobs = max(8, ProcessInfo.processInfo.activeProcessorCount * 4)
        final class Count: Sendable { let value = Atomic<Int>(0) }
        let started = Count()
        let met = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<jobs {
                group.addTask {
                    try await DedicatedThread.run(name: "blocking-job") {
                        started.value.add(1, ordering: .relaxed)
                        let deadline = Date().addingTimeInterval(120)  // a hang guard (README, "Run the tests")
                        while started.value.load(ordering: .relaxed) < jobs && Date() < deadline { usleep(1000) }
                        return started.value.load(ordering: .relaxed) == jobs
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(met.count == jobs && met.allSatisfy { $0 }, "\(met.filter { $0 }.count) of \(jobs) saw every job started")
        await #expect(throws: Refused.self) { try await DedicatedThread.run { throw Refused() } }
    }
}
