import ArgumentParser
import Foundation


/// `supportctl status`: one screen of the running suite, read from each process's own
/// operations port (`/health/ready` and `/metrics`), never from a side channel.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each process's readiness, backlog and ticket counters; --watch refreshes with rates.",
        discussion: """
            Reads <data-dir>/suite.json, which `supportctl up` writes, for the processes' \
            operations ports. Exit status 0 when every process is ready, 1 when one is not, \
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
            var pid: Int?
            var uptimeSeconds: Double?
            /// Hand-offs this process sent that wait for DONE, and how long the oldest has waited.
            var backlog: Double
            var lagSeconds: Double
            /// Bus messages in and out (totals; `rates` has them per second with --watch).
            var messagesIn: Double
            var messagesOut: Double
            var messagesInPerSecond: Double?
            var messagesOutPerSecond: Double?
        }
        var processes: [Process]
        var counters: [String: Double]
        var gauges: [String: Double]
        var rates: [String: Double]?
    }

    /// The counters the screen shows, summed over every process and label.
    static let counters = [
        ("tickets created", "supportdesk_tickets_created_total"), ("tickets refused", "supportdesk_tickets_refused_total"),
        ("tickets classified", "supportdesk_tickets_classified_total"), ("sla events", "supportdesk_sla_events_total"),
        ("sla breaches", "supportdesk_sla_events_total{topic=\"sla.breached\""),
        ("deliveries sent", "supportdesk_notification_deliveries_total{channel=\"*\",outcome=\"sent\""),
        ("deliveries failing", "supportdesk_notification_deliveries_total{channel=\"*\",outcome=\"retry\""),
        ("deliveries dead", "supportdesk_notification_deliveries_total{channel=\"*\",outcome=\"dead\""),
    ]

    /// The gauges the screen shows (the sla service counts its clocks every 10 s). Each sla
    /// instance counts the whole store, so instances sharing one report the same numbers: the
    /// screen shows the largest, not the sum.
    static let gauges = [
        ("clocks running", "supportdesk_sla_clocks{state=\"running\""),
        ("clocks paused", "supportdesk_sla_clocks{state=\"paused\""),
        ("clocks at risk (1 h)", "supportdesk_sla_clocks{state=\"at_risk\""),
        ("clocks breached", "supportdesk_sla_clocks{state=\"breached\""),
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
                for index in snapshot.processes.indices {
                    guard let earlier = before.processes.first(where: { $0.name == snapshot.processes[index].name }) else { continue }
                    snapshot.processes[index].messagesInPerSecond = max(0, snapshot.processes[index].messagesIn - earlier.messagesIn) / seconds
                    snapshot.processes[index].messagesOutPerSecond = max(0, snapshot.processes[index].messagesOut - earlier.messagesOut) / seconds
                }
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
        var gauges: [String: Double] = [:]
        let now = Date().timeIntervalSince1970
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
            for (label, pattern) in Self.gauges { gauges[label] = max(gauges[label] ?? 0, sum(text, pattern)) }
            let started = sum(text, "supportdesk_process_start_time_seconds")
            processes.append(
                .init(
                    name: name, url: url, reachable: ready != nil, ready: ready?.0 == 200, failing: failing,
                    pid: label(text, "supportdesk_process_info", "pid").flatMap { Int($0) },
                    uptimeSeconds: started > 0 ? max(0, now - started) : nil,
                    backlog: sum(text, "supportdesk_outbox_backlog"),
                    lagSeconds: sum(text, "supportdesk_handoff_oldest_unacknowledged_seconds"),
                    messagesIn: sum(text, "supportdesk_bus_messages_total{direction=\"in\""),
                    messagesOut: sum(text, "supportdesk_bus_messages_total{direction=\"out\"")))
        }
        return Snapshot(processes: processes, counters: counters, gauges: gauges, rates: nil)
    }

    /// The value of `key` in the first sample of `name` (an info metric's label).
    static func label(_ text: String, _ name: String, _ key: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") {
            guard let range = line.range(of: "\(key)=\"") else { continue }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        return nil
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
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        func left(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        func duration(_ seconds: Double?) -> String {
            guard let seconds else { return "-" }
            return seconds < 120 ? "\(Int(seconds))s" : seconds < 7200 ? "\(Int(seconds / 60))m" : "\(Int(seconds / 3600))h"
        }
        func rate(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        var lines = [
            paint(pad("process", 16) + pad("state", 11) + left("pid", 8) + left("up", 6) + left("in/s", 8) + left("out/s", 8)
                + left("backlog", 9) + left("lag", 7) + "  url", "1")
        ]
        for process in snapshot.processes {
            let state =
                !process.reachable
                ? paint(pad("down", 11), "31") : process.ready ? paint(pad("ready", 11), "32") : paint(pad("not ready", 11), "33")
            var line = pad(process.name, 16) + state + left(process.pid.map(String.init) ?? "-", 8) + left(duration(process.uptimeSeconds), 6)
            line += left(rate(process.messagesInPerSecond), 8) + left(rate(process.messagesOutPerSecond), 8)
            line += left(String(Int(process.backlog)), 9) + left(String(format: "%.1fs", process.lagSeconds), 7) + "  \(process.url)"
            if !process.failing.isEmpty { line += paint("  failing: \(process.failing.joined(separator: ", "))", "33") }
            lines.append(line)
        }
        lines.append("")
        let perMinute = snapshot.rates?["tickets created"].map { String(format: "   %.0f/min", $0 * 60) } ?? ""
        lines.append(pad("tickets", 22) + "created \(Int(snapshot.counters["tickets created"] ?? 0))\(perMinute)")
        for (label, _) in Self.counters where label != "tickets created" {
            let value = Int(snapshot.counters[label] ?? 0)
            let perSecond = snapshot.rates?[label].map { String(format: "   %.1f/s", $0) } ?? ""
            let text = "\(value)\(perSecond)"
            let alarming = (label == "deliveries failing" || label == "deliveries dead" || label == "sla breaches") && (snapshot.rates?[label] ?? 0) > 0
            lines.append(pad(label, 22) + (alarming ? paint(text, "31") : text))
        }
        for (label, _) in Self.gauges {
            let value = Int(snapshot.gauges[label] ?? 0)
            let alarming = label.hasPrefix("clocks at risk") && value > 0
            lines.append(pad(label, 22) + (alarming ? paint("\(value)", "33") : "\(value)"))
        }
        return lines.joined(separator: "\n")
    }
}
