import ArgumentParser
import Foundation

/// Finds the project's files (directory, model, policy) whether supportctl runs from the
/// repository root or from anywhere else: relative paths are tried against the working
/// directory, then against the checkout that built the executable (`.build/<config>/`).
struct ResourceLocator {
    let executableFolder: URL
    let roots: [URL]

    init() throws {
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        executableFolder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        var roots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var candidate = executableFolder
        for _ in 0..<4 {
            candidate = candidate.deletingLastPathComponent()
            roots.append(candidate)
        }
        self.roots = roots
    }

    /// The absolute path of `path`, or a usage error naming `what` and where it looked.
    func find(_ path: String, what: String) throws -> String {
        if path.hasPrefix("/") {
            guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(what) not found at \(path)") }
            return path
        }
        for root in roots {
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path) { return url.standardizedFileURL.path }
        }
        throw ValidationError("\(what) \(path) not found (looked in \(roots.map(\.path).joined(separator: ", ")))")
    }
}
