import ArgumentParser
import Foundation
import Glibc

/// The operator's command line: run the suite, watch the bus, check the math.
public struct SupportCtl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "supportctl",
        abstract: "Operate SupportDesk: run the suite, tail the bus, check calendars, classify text.",
        discussion: """
            Examples:
              supportctl up                          # the whole suite on this machine
              supportctl tail --topic ticket. --json # watch events as JSON lines
              supportctl calendar add --calendar cal.json < cases.jsonl
            """,
        subcommands: [Up.self, Tail.self, CalendarCommand.self, Classify.self, ClassifierCommand.self, Load.self, DeadLetters.self, TokenCommand.self, KeysCommand.self, NotificationsCommand.self, StatusCommand.self, ProbeCommand.self])

    public init() {}
}

/// Exit codes with a meaning, shared by every subcommand.
enum ExitStatus {
    /// Bad input or usage: fix the command or its input.
    static let usage: Int32 = 64
    /// Input data was malformed.
    static let dataError: Int32 = 65
    /// A service could not be reached or started.
    static let unavailable: Int32 = 69
}

/// A service the command needs did not answer: one line on standard error, exit status 69.
struct Unavailable: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Work that was asked for correctly but did not come out right (a load run that lost messages):
/// one line on standard error, exit status 1, and no usage text, since the command was fine.
struct RunFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension SupportCtl {
    /// Runs the command line, mapping ``Unavailable`` to exit status 69 and ``RunFailure`` to 1,
    /// each with a one-line reason.
    public static func run() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as Unavailable {
            FileHandle.standardError.write(Data("supportctl: \(error.description)\n".utf8))
            Glibc.exit(ExitStatus.unavailable)
        } catch let error as RunFailure {
            FileHandle.standardError.write(Data("supportctl: \(error.description)\n".utf8))
            Glibc.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
