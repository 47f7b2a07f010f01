import ArgumentParser
import Foundation


/// `supportctl status`: one screen of the running suite, read from each process's own
/// operations port (`/health/ready` and `/metrics`), never from a side channel.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each process's readiness, backlog and ticket counters; --watch refreshes with rates.",
        discussion: """
            Reads <data-dir>/suite.json, which `supportctl up` writes, for the processes'
            operations ports. Exit status 0 when every process is ready, 1 when one is not,
            69 when one cannot be reached.

            Examples:
              supportctl status
              supportctl status --watch --interval 2
              supportctl status --json | jq '.processes[] | select(.ready == false)'
            """)

    @Option(help: "The folder `supportctl up` runs in.") var dataDir = "data"
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Refresh until interrupted, with rates per second.") var watch = false
    @Option(help: "Seconds between refreshes with --watch.") var interval: Double = 2

    struct Snapshot: Codable {
        struct Process: Codable {
            var name: String
            var url: String
            var reachable: Bool
            var ready: Bool
            var failing: [String]
            var backlog: Double
        }
        var processes: [Process]
        var counters: [String: Double]
        var rates: [String: Double]?
    }

    /// The counters the screen shows, summed over every process and label.
    static let counters = [
        ("tickets created", "supportdesk_tickets_created_total"), ("tickets refused", "supportdesk_tickets_refused_total"),
        ("tickets classified", "supportdesk_tickets_classified_total"), ("sla events", "supportdesk_sla_events_total"),
        ("sla breaches", "supportdesk_sla_events_total{topic=\"sla.breached\""),
        ("deliveries sent", "supportdesk_notification_deliveries_total{channel=\"*\",outcome=\"sent\""),
        ("deliveries dead", "supportdesk_notification_deliveries_total{channel=\"*\",outcome=\"dead\""),
    ]

    func validate() throws {
        guard interval >= 0.2 && interval <= 3600 else { throw ValidationError("--interval must be 0.2…3600 seconds") }
    }

    func run() async throws {
        let file = URL(fileURLWithPath: dataDir).appendingPathComponent("suite.json")
        guard let data = try? Data(contentsOf: file),
            let suite = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let ops = suite["ops"] as? [String: String]
        else {
            FileHandle.standardError.write(Data("supportctl: no \(file.path); is the suite running (supportctl up --data-dir \(dataDir))?\n".utf8))
            throw ExitCode(ExitStatus.unavailable)
        }
        var previous: (Snapshot, Date)?
        repeat {
            var snapshot = await Self.snapshot(ops)
            let now = Date()
            if let (before, at) = previous {
                let seconds = now.timeIntervalSince(at)
                snapshot.rates = snapshot.counters.mapValues { _ in 0 }.merging(
                    snapshot.counters.map { ($0.key, ($0.value - (before.counters[$0.key] ?? 0)) / seconds) }) { _, new in new }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(snapshot), as: UTF8.self))
            } else {
                if watch && isatty(STDOUT_FILENO) != 0 { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print(Self.render(snapshot, color: isatty(STDOUT_FILENO) != 0))
            }
            if !watch {
                if snapshot.processes.contains(where: { !$0.reachable }) { throw ExitCode(ExitStatus.unavailable) }
                if snapshot.processes.contains(where: { !$0.ready }) { throw ExitCode(1) }
                return
            }
            previous = (snapshot, now)
            try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        } while true
    }

    static func snapshot(_ ops: [String: String]) async -> Snapshot {
        var processes: [Snapshot.Process] = []
        var counters: [String: Double] = [:]
        for (name, url) in ops.sorted(by: { $0.key < $1.key }) {
            let ready = await fetch("\(url)/health/ready")
            let metrics = await fetch("\(url)/metrics")
            var failing: [String] = []
            if let body = ready?.1, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let checks = object["checks"] as? [String: Bool]
            {
                failing = checks.filter { !$0.value }.map(\.key).sorted()
            }
            let text = metrics?.1 ?? ""
            for (label, pattern) in Self.counters { counters[label, default: 0] += sum(text, pattern) }
            processes.append(
                .init(
                    name: name, url: url, reachable: ready != nil, ready: ready?.0 == 200, failing: failing,
                    backlog: sum(text, "supportdesk_outbox_backlog")))
        }
        return Snapshot(processes: processes, counters: counters, rates: nil)
    }

    /// Sums the samples whose series starts with `pattern` (`name` or `name{label="v"`, `*` any value).
    static func sum(_ text: String, _ pattern: String) -> Double {
        let parts = pattern.split(separator: "{", maxSplits: 1)
        let name = String(parts[0])
        let labels = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        var total = 0.0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let series = line.prefix { $0 != " " && $0 != "{" }
            guard series == name else { continue }
            let matches = labels.allSatisfy { label in label.hasSuffix("\"*\"") || line.contains(label) }
            if matches, let value = line.split(separator: " ").last.flatMap({ Double($0) }) { total += value }
        }
        return total
    }

    static func fetch(_ url: String) async -> (Int, String)? { await HTTPGet.fetch(url) }

    static func render(_ snapshot: Snapshot, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines = ["process          state      backlog  url"]
        for process in snapshot.processes {
            let state =
                !process.reachable
                ? paint("down", "31") : process.ready ? paint("ready", "32") : paint("not ready (\(process.failing.joined(separator: ", ")))", "33")
            lines.append(
                "\(process.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(state.padding(toLength: color ? 19 : 10, withPad: " ", startingAt: 0)) \(String(Int(process.backlog)).padding(toLength: 8, withPad: " ", startingAt: 0)) \(process.url)"
            )
        }
        lines.append("")
        for (label, _) in Self.counters {
            let value = Int(snapshot.counters[label] ?? 0)
            let rate = snapshot.rates?[label].map { String(format: "  %.1f/s", $0) } ?? ""
            lines.append("\(label.padding(toLength: 20, withPad: " ", startingAt: 0)) \(value)\(rate)")
        }
        return lines.joined(separator: "\n")
    }
}
