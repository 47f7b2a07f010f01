import Foundation

/// Collects the lines a child process writes, for tests to wait on with a deadline.
final class LineReader: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var buffer: [UInt8] = []

    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            self.lock.withLock {
                for byte in data {
                    if byte == 0x0a {
                        self.lines.append(String(decoding: self.buffer, as: UTF8.self))
                        self.buffer.removeAll()
                    } else {
                        self.buffer.append(byte)
                    }
                }
            }
        }
    }

    var snapshot: [String] { lock.withLock { lines } }

    /// Waits until `condition` holds for the lines so far, or the deadline passes.
    func wait(seconds: Double, until condition: ([String]) -> Bool) async -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let current = snapshot
            if condition(current) { return current }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return snapshot
    }
}

/// `supportctl tail` running as a child process, its stdout collected.
final class TailProcess: @unchecked Sendable {
    let process = Process()
    let output: LineReader
    /// Standard error (gaps, notices), collected.
    let errors: LineReader

    /// `keys` is the suite's key folder; nil runs tail with no key (it must then see nothing).
    init(bus: String, keys: String?, arguments: [String] = ["--json"]) throws {
        process.executableURL = SuiteProcess.binary("supportctl")
        process.arguments = ["tail", "--bus", bus] + (keys.map { ["--keys", $0] } ?? []) + arguments
        // Not the repository: no data/keys to fall back on.
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let pipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errorPipe
        output = LineReader(pipe.fileHandleForReading)
        errors = LineReader(errorPipe.fileHandleForReading)
        try process.run()
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The events printed so far, decoded.
    var events: [[String: Any]] {
        output.snapshot.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
