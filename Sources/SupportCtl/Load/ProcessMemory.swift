import Foundation

/// Resident memory of this process from /proc/self/status, in bytes.
enum ProcessMemory {
    /// Peak resident set size (VmHWM).
    static var peak: Int { field("VmHWM") }
    /// Current resident set size (VmRSS).
    static var current: Int { field("VmRSS") }

    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "0"
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }
}

/// A progress line on standard error, rewritten in place on a terminal.
struct ProgressLine {
    let terminal = isatty(STDERR_FILENO) != 0
    private var last = Date.distantPast

    mutating func update(_ text: @autoclosure () -> String, force: Bool = false) {
        let now = Date()
        guard force || now.timeIntervalSince(last) >= (terminal ? 0.2 : 5) else { return }
        last = now
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + text() : text() + "\n").utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
