import ArgumentParser
import Foundation
import Synchronization
import UnixSignals
import Intake
import Logging
import SupportBus
import SupportStore


/// `supportctl up`: the whole suite as local processes, supervised.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the broker and every service as child processes; restart any that dies; stop all on Ctrl-C.",
        discussion: """
            Data (SQLite files, the mailbox of delivered messages, one log per service) goes to \
            --data-dir. Binaries are looked up beside supportctl.

            Examples:
              swift run supportctl up
              supportctl up --data-dir /tmp/desk --http-port 9090 --classification 3
              supportctl up --postgres postgres://desk:secret@127.0.0.1:5432/support --intake 3 --sla 2 --notification 2
            """)

    @Option(help: "Folder for SQLite files, the mailbox and logs.")
    var dataDir = "data"

    @Option(help: "Customer directory file (YAML or JSON).")
    var directory = "config/directory.yaml"

    @Option(help: "SLA policy file (default: the SPEC defaults built in).")
    var policy: String?

    @Option(help: "Classifier model file.")
    var model = "services/classification/model.bin"

    @Option(help: "Port of the intake HTTP API.")
    var httpPort = 8080

    @Option(help: "Port of intake's ZeroMQ ticket endpoint (SDT1, CURVE with data/keys/intake.pub); off unless given.")
    var zmqPort: Int?

    @Option(help: "First of four consecutive bus ports: publish, subscribe, hand-off, history.")
    var busPort = 7701

    @Option(help: "First of the operations ports (metrics, health), one per process: bus, intake, classification…, sla, notification.")
    var opsPort = 7710

    @Option(help: "How many classification workers to run.")
    var classification = 1

    @Option(
        help: ArgumentHelp(
            "PostgreSQL server for intake, sla and notification to share (each in its own schema) instead of SQLite files in --data-dir.",
            valueName: "postgres://user:password@host:port/database"))
    var postgres: String?

    @Option(help: "How many intake instances to run, on --http-port, +1, +2…; more than one needs --postgres (they share its tickets).")
    var intake = 1

    @Option(help: "How many sla instances to run; more than one needs --postgres (they share its clocks).")
    var sla = 1

    @Option(help: "How many notification instances to run; more than one needs --postgres (they share its deliveries).")
    var notification = 1

    @Option(help: "Folder holding the service executables (default: beside supportctl).")
    var binDir: String?

    @Option(help: ArgumentHelp("Every service's log format in data/logs: text or json (default: LOG_FORMAT, else text).", valueName: "format"))
    var logFormat: String?

    @Flag(help: "Print machine-readable start-up information as one JSON object.")
    var json = false

    func validate() throws {
        guard (1...64).contains(classification) else { throw ValidationError("--classification must be 1…64") }
        guard (1...65531).contains(busPort) else { throw ValidationError("--bus-port must be 1…65531") }
        if let zmqPort, !(1...65535).contains(zmqPort) { throw ValidationError("--zmq-port must be 1…65535") }
        if let logFormat, !["text", "json"].contains(logFormat) { throw ValidationError("--log-format must be text or json, not \(logFormat)") }
        guard (1...16).contains(intake) else { throw ValidationError("--intake must be 1…16") }
        guard (1...16).contains(sla) else { throw ValidationError("--sla must be 1…16") }
        guard (1...16).contains(notification) else { throw ValidationError("--notification must be 1…16") }
        if let postgres {
            guard case .postgres = try? StoreLocation(url: postgres) else {
                throw ValidationError("--postgres must be postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, not \(postgres)")
            }
        } else if intake > 1 {
            throw ValidationError("--intake \(intake) needs --postgres: instances on separate SQLite files would each keep part of the tickets")
        } else if sla > 1 {
            throw ValidationError("--sla \(sla) needs --postgres: instances on separate SQLite files would each keep part of the clocks")
        } else if notification > 1 {
            throw ValidationError(
                "--notification \(notification) needs --postgres: instances on separate SQLite files would each keep part of the deliveries")
        }
        guard (1...(65535 - 1 - intake - classification - sla - notification)).contains(opsPort) else { throw ValidationError("--ops-port leaves no room for every process") }
        guard (1...(65536 - intake)).contains(httpPort) else { throw ValidationError("--http-port must be 1…\(65536 - intake)") }
    }

    func run() async throws {
        let files = try ResourceLocator()
        let data = URL(fileURLWithPath: dataDir).standardizedFileURL
        let logs = data.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let bin = binDir.map { URL(fileURLWithPath: $0) } ?? files.executableFolder
        let directoryPath = try files.find(directory, what: "customer directory (--directory)")
        let modelPath = try files.find(model, what: "classifier model (--model)")
        let policyPath = try policy.map { try files.find($0, what: "SLA policy (--policy)") }
        let templatesPath = try files.find("services/notification/templates", what: "notification templates")

        // Bus keys on first start (CURVE on every bus socket, README "Bus keys"); kept afterwards.
        let keys = BusKeyring(folder: data.appendingPathComponent("keys"))
        try keys.initialize()
        let bus = [
            "bus.keys=\(keys.folder.path)",
            "bus.publishEndpoint=tcp://127.0.0.1:\(busPort)", "bus.subscribeEndpoint=tcp://127.0.0.1:\(busPort + 1)",
            "bus.handoffEndpoint=tcp://127.0.0.1:\(busPort + 2)", "bus.historyEndpoint=tcp://127.0.0.1:\(busPort + 3)",
        ]
        let policySetting = policyPath.map { ["sla.policyPath=\($0)"] } ?? []
        func settings(_ pairs: [String]) -> [String] { (bus + pairs).flatMap { ["--set", $0] } }
        var opsPorts: [String: Int] = [:]
        func child(_ name: String, _ binary: String, _ pairs: [String], environment: [String: String] = [:]) throws -> ChildProcess {
            let opsPort = self.opsPort + opsPorts.count
            opsPorts[name] = opsPort
            let pairs = pairs + ["ops.port=\(opsPort)"] + (logFormat.map { ["log.format=\($0)"] } ?? [])
            let executable = bin.appendingPathComponent(binary)
            guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                throw ValidationError("\(executable.path) is missing; build first with `swift build`, or pass --bin-dir")
            }
            return ChildProcess(
                name: name, executable: executable, arguments: settings(pairs),
                logFile: logs.appendingPathComponent("\(name).log"), environment: environment)
        }
        // With --postgres every stateful service shares the server (each in its own schema); the
        // URL may hold a password, so it goes in the environment, never in arguments.
        let storeEnvironment = postgres.map { ["STORE_URL": $0] } ?? [:]
        func store(_ name: String) -> [String] { postgres == nil ? ["store.path=\(data.path)/\(name).sqlite"] : [] }
        var children = [try child("bus", "bus", ["broker.historyPath=\(data.path)/bus-history.sqlite"])]
        for index in 1...intake {
            children.append(
                try child(
                    intake == 1 ? "intake" : "intake-\(index)", "intake",
                    ["http.port=\(httpPort + index - 1)", "directory.path=\(directoryPath)"] + store("intake") + policySetting
                        + (index == 1 ? zmqPort.map { ["zmq.bind=tcp://127.0.0.1:\($0)"] } ?? [] : []),
                    environment: storeEnvironment))
        }
        for index in 1...classification {
            children.append(
                try child(
                    classification == 1 ? "classification" : "classification-\(index)", "classification",
                    ["classification.modelPath=\(modelPath)"]))
        }
        for index in 1...sla {
            children.append(
                try child(sla == 1 ? "sla" : "sla-\(index)", "sla", store("sla") + policySetting, environment: storeEnvironment))
        }
        for index in 1...notification {
            children.append(
                try child(
                    notification == 1 ? "notification" : "notification-\(index)", "notification",
                    store("notification") + [
                        "notification.mailboxPath=\(data.path)/mailbox", "directory.path=\(directoryPath)",
                        "notification.templatesPath=\(templatesPath)",
                    ], environment: storeEnvironment))
        }

        // An operator token on first start, so the suite is usable at once (README: TOKEN=$(cat …)).
        let tokenFile = data.appendingPathComponent("operator.token")
        let intakeStore = try postgres.map(StoreLocation.init(url:)) ?? .sqlite(path: "\(data.path)/intake.sqlite")
        if !FileManager.default.fileExists(atPath: tokenFile.path)
            || (postgres == nil && !FileManager.default.fileExists(atPath: "\(data.path)/intake.sqlite"))
        {
            let token = try await TicketStore(location: intakeStore, logger: StoreArgument.logger).createToken(
                name: "operator (supportctl up)", scopes: [.admin], account: nil)
            try? FileManager.default.removeItem(at: tokenFile)
            guard
                FileManager.default.createFile(
                    atPath: tokenFile.path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("cannot write \(tokenFile.path)") }
        }

        let supervisor = Supervisor(children: children)
        do {
            try await supervisor.startAll()
        } catch {
            await supervisor.stopAll()
            throw error
        }
        let url = "http://127.0.0.1:\(httpPort)"
        let urls = (0..<intake).map { "http://127.0.0.1:\(httpPort + $0)" }
        // Where `supportctl status` finds the processes of this suite.
        let suiteFile = data.appendingPathComponent("suite.json")
        let suiteInfo: [String: Any] = [
            "http": url, "ops": opsPorts.mapValues { "http://127.0.0.1:\($0)" }, "subscribe": "tcp://127.0.0.1:\(busPort + 1)",
            "history": "tcp://127.0.0.1:\(busPort + 3)",
        ]
        try JSONSerialization.data(withJSONObject: suiteInfo, options: [.sortedKeys, .prettyPrinted]).write(to: suiteFile)
        // The same processes as Prometheus file_sd targets (deploy/prometheus/local.yml reads it).
        let targets = opsPorts.sorted { $0.value < $1.value }.map { name, port -> [String: Any] in
            ["targets": ["127.0.0.1:\(port)"], "labels": ["service": String(name.split(separator: "-").first ?? ""), "process": name]]
        }
        try JSONSerialization.data(withJSONObject: targets, options: [.sortedKeys, .prettyPrinted])
            .write(to: data.appendingPathComponent("prometheus-targets.json"))
        // Healthy: intake answers, and every process is ready (bus answered, store writable).
        var healthy = true
        for intakeURL in urls where healthy { healthy = await Self.waitForHealth(url: intakeURL + "/health", seconds: 30) }
        for port in opsPorts.values where healthy {
            healthy = await Self.waitForHealth(url: "http://127.0.0.1:\(port)/health/ready", seconds: 30)
        }
        if json {
            let info: [String: Any] = [
                "http": url, "intakes": urls, "subscribe": "tcp://127.0.0.1:\(busPort + 1)", "history": "tcp://127.0.0.1:\(busPort + 3)",
                "ops": opsPorts.mapValues { "http://127.0.0.1:\($0)" },
                "dataDir": data.path, "healthy": healthy, "tokenFile": tokenFile.path, "keys": keys.folder.path,
                "zmq": zmqPort.map { "tcp://127.0.0.1:\($0)" } ?? "off",
                "pids": Dictionary(uniqueKeysWithValues: children.map { ($0.name, Int($0.pid ?? 0)) }),
            ]
            let out = try JSONSerialization.data(withJSONObject: info, options: [.sortedKeys])
            say(String(decoding: out, as: UTF8.self))
        } else {
            say("SupportDesk is \(healthy ? "up" : "starting (intake not healthy yet)")")
            say("  HTTP API:   \(url)   (try: curl \(url)/health)\(intake > 1 ? "; \(intake) intakes on ports \(httpPort)–\(httpPort + intake - 1)" : "")")
            if let zmqPort {
                say("  tickets/zmq: tcp://127.0.0.1:\(zmqPort)   (SDT1 over CURVE; server key \(keys.folder.path)/intake.pub)")
            }
            say("  event bus:  tcp://127.0.0.1:\(busPort + 1)   (watch: supportctl tail --bus tcp://127.0.0.1:\(busPort + 1))")
            say("  metrics:    http://127.0.0.1:\(opsPort)/metrics … :\(opsPort + opsPorts.count - 1)   (one port per process; /health/ready too)")
            say("  history:    tcp://127.0.0.1:\(busPort + 3)   (replay: supportctl tail --since 10m --history tcp://127.0.0.1:\(busPort + 3))")
            say("  token:      \(tokenFile.path)   (admin; export TOKEN=$(cat \(tokenFile.path)))")
            say("  bus keys:   \(keys.folder.path)   (CURVE; tail and deadletters take --keys \(keys.folder.path))")
            say("  data, logs: \(data.path)")
            say("Press Ctrl-C to stop.")
        }

        for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
            _ = signal
            break
        }
        if !json { print("stopping…") }
        await supervisor.stopAll()
        if !json { print("stopped") }
    }

    static func waitForHealth(url: String, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await HTTPGet.fetch(url, timeout: 2)?.status == 200 { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

}

/// Keeps the children running: restarts one that dies, with back-off, until told to stop.
actor Supervisor {
    private let children: [ChildProcess]
    private var stopping = false

    init(children: [ChildProcess]) { self.children = children }

    func startAll() async throws {
        for child in children {
            try start(child)
            // The broker first, so the others connect at once rather than retrying.
            if child.name == "bus" { try await Task.sleep(for: .milliseconds(200)) }
        }
    }

    private func start(_ child: ChildProcess) throws {
        let started = Date()
        try child.start { [weak self] status, reason in
            Task { await self?.exited(child, status: status, reason: reason, ranFor: Date().timeIntervalSince(started)) }
        }
    }

    private func exited(_ child: ChildProcess, status: Int32, reason: Process.TerminationReason, ranFor: TimeInterval) async {
        guard !stopping else { return }
        let how = reason == .uncaughtSignal ? "signal \(status)" : "status \(status)"
        let delay = ranFor > 30 ? 0.2 : min(10, 0.5 * pow(2, Double(min(child.restarts, 5))))
        FileHandle.standardError.write(
            Data("supportctl: \(child.name) exited (\(how)); restarting in \(String(format: "%.1f", delay)) s\n".utf8))
        try? await Task.sleep(for: .seconds(delay))
        guard !stopping else { return }
        do {
            try start(child)
        } catch {
            FileHandle.standardError.write(Data("supportctl: could not restart \(child.name): \(error)\n".utf8))
        }
    }

    /// SIGTERM to every child in reverse start order, then SIGKILL to any still alive after 10 s.
    func stopAll() async {
        stopping = true
        for child in children.reversed() { child.signal(SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && children.contains(where: \.isRunning) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        for child in children where child.isRunning { child.signal(SIGKILL) }
    }
}

/// Writes a line to standard output at once (Swift's `print` is block-buffered into a pipe, and
/// scripts reading `up`'s output must see it before the suite stops).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
