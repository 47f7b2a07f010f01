import Foundation

/// The slow commits and checkpoints a service logged during a load run (`Store.slowCommit`),
/// read from its log: what `load intake-*` prints beside the latencies.
struct StoreStalls {
    var commits = 0
    var slowestCommitMs = 0
    var checkpoints = 0
    var slowestCheckpointMs = 0

    /// Counts the `slow commit` and `slow checkpoint` lines of a service's log, text or JSON.
    init(log: String) {
        for line in log.split(separator: "\n") {
            if line.contains("slow commit") {
                commits += 1
                slowestCommitMs = max(slowestCommitMs, Self.milliseconds("commit_ms", in: line))
            } else if line.contains("slow checkpoint") {
                checkpoints += 1
                slowestCheckpointMs = max(slowestCheckpointMs, Self.milliseconds("checkpoint_ms", in: line))
            }
        }
    }

    /// The number after `key=` (text logs) or `"key":"` (JSON logs) in `line`.
    private static func milliseconds(_ key: String, in line: Substring) -> Int {
        guard let range = line.range(of: key) else { return 0 }
        return Int(String(line[range.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber })) ?? 0
    }

    var json: [String: Int] {
        ["slowCommits": commits, "slowestCommitMs": slowestCommitMs, "slowCheckpoints": checkpoints, "slowestCheckpointMs": slowestCheckpointMs]
    }

    var line: String {
        "  intake's store: \(commits) commits and \(checkpoints) checkpoints over 50 ms"
            + (commits + checkpoints > 0 ? " (slowest \(slowestCommitMs) and \(slowestCheckpointMs) ms)" : "")
    }
}
