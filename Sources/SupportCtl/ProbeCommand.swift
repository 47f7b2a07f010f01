import ArgumentParser
import Foundation


/// `supportctl probe URL`: exit 0 when the URL answers 2xx. What container health checks run
/// (the runtime images carry no curl).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Exit 0 when an HTTP URL answers 2xx (container health checks).",
        discussion: """
            Examples:
              supportctl probe http://127.0.0.1:7710/health/ready
              supportctl probe --timeout 2 http://intake:8080/health
            """)

    @Argument(help: "The URL to GET.") var url: String
    @Option(help: "Seconds to wait for the answer.") var timeout: Double = 3

    func run() async throws {
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            throw ValidationError("\(url) is not an http(s) URL")
        }
        _ = target
        guard let (status, _) = await HTTPGet.fetch(url, timeout: timeout) else {
            FileHandle.standardError.write(Data("supportctl: \(url) did not answer\n".utf8))
            throw ExitCode(ExitStatus.unavailable)
        }
        guard (200..<300).contains(status) else {
            FileHandle.standardError.write(Data("supportctl: \(url) answered \(status)\n".utf8))
            throw ExitCode(1)
        }
    }
}
