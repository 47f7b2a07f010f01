import Foundation

/// A helper server from `scripts/` (SMTP sink, HTTP receiver, TCP recorder) run as a child
/// process: it prints its port on the first line and stops when its standard input closes, so
/// it cannot outlive the test even if the test process is killed.
final class ScriptProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let lifeline = Pipe()

    init(_ script: String, _ arguments: [String], python: String = "/usr/bin/python3") throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [SuiteProcess.repositoryRoot.appendingPathComponent("scripts/\(script)").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte.first == 0x0a { break }
            line.append(byte[0])
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            throw SystemTestError("\(script) did not print its port (got \"\(String(decoding: line, as: UTF8.self))\")")
        }
        self.port = port
    }

    func stop() {
        try? lifeline.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// The JSON lines a recording script wrote to `file`.
    static func records(_ file: URL) -> [[String: Any]] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
