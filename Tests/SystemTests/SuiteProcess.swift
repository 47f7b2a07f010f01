import Foundation
import SupportBus
import SupportRuntime
import Testing
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Every system test runs inside this suite, one after another: each starts a whole SupportDesk
/// (five to seven processes), and two cores cannot run several of those at once without every
/// deadline becoming a race.
@Suite(.serialized) enum EndToEnd {}

/// The whole suite started the way an operator starts it: `supportctl up` as a child process on
/// free loopback ports with a temporary data folder, stopped by signal at the end.
final class SuiteProcess: @unchecked Sendable {
    let process = Process()
    let dataDir: URL
    let httpPort: Int
    let busPort: Int
    let intake: Int
    var http: String { "http://127.0.0.1:\(httpPort)" }
    /// Every intake's API (`--intake N` listens on consecutive ports).
    var intakes: [String] { (0..<intake).map { "http://127.0.0.1:\(httpPort + $0)" } }
    var subscribe: String { "tcp://127.0.0.1:\(busPort + 1)" }
    var publish: String { "tcp://127.0.0.1:\(busPort)" }
    var handoff: String { "tcp://127.0.0.1:\(busPort + 2)" }
    var history: String { "tcp://127.0.0.1:\(busPort + 3)" }
    /// The bus keys `up` provisioned (CURVE on every bus socket).
    var keys: String { dataDir.appendingPathComponent("keys").path }

    /// A raw socket connected to `endpoint` with `identity`'s bus key, as that service's own
    /// sockets connect: what a test needs to act as (or impersonate) one role.
    func socket(_ type: SocketType, in context: Context, as identity: BusIdentity, connect endpoint: String) throws -> Socket {
        let socket = try Socket(context: context, type: type)
        for (option, value) in try BusKeyring(folder: URL(fileURLWithPath: keys)).credentials(for: identity).clientOptions {
            try socket.set(option, value)
        }
        try socket.connect(endpoint)
        return socket
    }
    private(set) var pids: [String: Int32] = [:]
    /// Each process's operations URL (`/metrics`, `/health/ready`), by process name.
    private(set) var ops: [String: String] = [:]
    /// The admin token `supportctl up` provisioned.
    private(set) var token = ""

    /// Tokens of the running suites by HTTP base URL, so request helpers can authenticate.
    private static let tokens = NSLockedDictionary()

    /// The token of the suite whose API `url` belongs to.
    static func token(for url: String) -> String? { tokens.value(prefixing: url) }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The folder with the built executables: beside the test bundle.
    static let binaries: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" && !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("supportctl").path) {
            folder = folder.deletingLastPathComponent()
        }
        if folder.path == "/" { return repositoryRoot.appendingPathComponent(".build/debug") }
        return folder
    }()

    static func binary(_ name: String) -> URL { binaries.appendingPathComponent(name) }

    /// Starts the suite and waits until `up` reports it healthy (at most 90 s, first start
    /// includes SQLite migrations and model loading).
    /// `environment` is added to this process's environment for `up` and, through it, every
    /// service (settings such as `NOTIFICATION_SMTP_HOST`).
    ///
    /// The notification digest is off by default: most tests post many tickets
    /// from one requester and count each message, which is exactly the burst a digest groups.
    /// The digest's own test sets its limit back.
    static let defaultEnvironment = ["NOTIFICATION_DIGEST_LIMIT": "0"]

    /// `arguments` go to `supportctl up` after the ports (`--log-format json`, `--zmq-port N`).
    /// `intake`, `sla` or `notification` above 1 needs `--postgres` in `arguments`.
    init(
        classification: Int = 1, intake: Int = 1, sla: Int = 1, notification: Int = 1, environment: [String: String] = [:],
        arguments: [String] = []
    ) throws {
        self.intake = intake
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("supportdesk-\(UUID().uuidString)")
        httpPort = try FreePorts.find(count: intake)
        busPort = try FreePorts.find(count: 4)
        let opsPort = try FreePorts.find(count: 1 + intake + classification + sla + notification)
        process.executableURL = Self.binary("supportctl")
        process.arguments = [
            "up", "--json", "--data-dir", dataDir.path, "--http-port", "\(httpPort)", "--bus-port", "\(busPort)",
            "--classification", "\(classification)", "--intake", "\(intake)", "--sla", "\(sla)", "--notification", "\(notification)", "--ops-port", "\(opsPort)",
        ] + arguments
        process.currentDirectoryURL = Self.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(Self.defaultEnvironment.merging(environment) { _, new in new }) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let line = try Self.readLine(output.fileHandleForReading, timeout: 90)
        guard let info = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            info["healthy"] as? Bool == true
        else {
            stop()
            throw SystemTestError("supportctl up did not become healthy: \(line)")
        }
        pids = (info["pids"] as? [String: Int] ?? [:]).mapValues(Int32.init)
        ops = info["ops"] as? [String: String] ?? [:]
        if let file = info["tokenFile"] as? String,
            let text = try? String(contentsOfFile: file, encoding: .utf8)
        {
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            for url in intakes { Self.tokens.set(url, token) }
        }
    }

    /// SIGINT, as Ctrl-C would, then wait for a clean exit.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Stops the suite and removes its data folder (set SUPPORTDESK_KEEP_TEST_DATA=1 to keep it).
    deinit {
        stop()
        if ProcessInfo.processInfo.environment["SUPPORTDESK_KEEP_TEST_DATA"] == nil {
            try? FileManager.default.removeItem(at: dataDir)
        }
    }

    private static func readLine(_ handle: FileHandle, timeout: TimeInterval) throws -> String {
        let box = LineBox()
        let thread = Thread {
            var bytes: [UInt8] = []
            while true {
                let chunk = handle.readData(ofLength: 1)
                if chunk.isEmpty || chunk.first == 0x0a { break }
                bytes.append(chunk[0])
            }
            box.set(String(decoding: bytes, as: UTF8.self))
        }
        thread.start()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = box.value { return line }
            usleep(50_000)
        }
        throw SystemTestError("no output from supportctl up within \(Int(timeout)) s")
    }
}

/// A small locked map from URL prefix to token.
final class NSLockedDictionary: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: String] = [:]
    func set(_ key: String, _ value: String) { lock.withLock { entries[key] = value } }
    func value(prefixing url: String) -> String? { lock.withLock { entries.first { url.hasPrefix($0.key) }?.value } }
}

private final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var value: String? { lock.withLock { stored } }
    func set(_ line: String) { lock.withLock { stored = line } }
}

struct SystemTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
