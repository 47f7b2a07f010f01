import Foundation
import Synchronization

/// One service the supervisor runs: how to start it, and the process while it runs.
final class ChildProcess: Sendable {
    let name: String
    let executable: URL
    let arguments: [String]
    let logFile: URL
    /// Added to the inherited environment: how secrets reach a child (`ps` shows arguments).
    let environment: [String: String]
    private let state = Mutex<(process: Process?, restarts: Int)>((nil, 0))

    init(name: String, executable: URL, arguments: [String], logFile: URL, environment: [String: String] = [:]) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.logFile = logFile
        self.environment = environment
    }

    var pid: Int32? { state.withLock { $0.process?.processIdentifier } }
    var restarts: Int { state.withLock { $0.restarts } }

    /// Starts the process with its output appended to its log file; `onExit` runs when it ends.
    func start(onExit: @escaping @Sendable (Int32, Process.TerminationReason) -> Void) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { process in
            try? log.close()
            onExit(process.terminationStatus, process.terminationReason)
        }
        try process.run()
        state.withLock {
            if $0.process != nil { $0.restarts += 1 }
            $0.process = process
        }
    }

    /// Sends `signal` to the running process, if any.
    func signal(_ signal: Int32) {
        if let pid, pid > 0 { kill(pid, signal) }
    }

    var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }
}

extension ChildProcess {
    /// A service executable from beside supportctl, configured by `settings` (`--set` pairs),
    /// logging to `<folder>/<name>.log`: how the load targets run the service they measure.
    static func service(_ name: String, settings: [String], logsIn folder: URL, files: ResourceLocator) -> ChildProcess {
        ChildProcess(
            name: name, executable: files.executableFolder.appendingPathComponent(name),
            arguments: settings.flatMap { ["--set", $0] }, logFile: folder.appendingPathComponent("\(name).log"))
    }

    /// The end of its log, for an error message that says why it did not start.
    func logTail(_ characters: Int = 500) -> String {
        String(((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(characters))
    }
}
