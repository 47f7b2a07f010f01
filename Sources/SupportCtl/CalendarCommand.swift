import ArgumentParser
import Foundation
import SupportDomain

/// `supportctl calendar add|between`: our business-calendar math on JSON lines, so anyone can
/// check it against another implementation.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Business-calendar arithmetic on JSON lines (stdin → stdout).",
        subcommands: [Add.self, Between.self])

    struct CalendarOptions: ParsableArguments {
        @Option(help: "Calendar file (JSON or YAML, format in README \"Calendars\").")
        var calendar: String?

        @Option(help: "A built-in calendar instead of a file: brazil or 24x7.")
        var preset: String?

        func load() throws -> BusinessCalendar {
            switch (calendar, preset) {
            case (let path?, nil):
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("cannot read calendar file \(path)")
                }
                do {
                    return try JSONDecoder().decode(BusinessCalendar.self, from: data)
                } catch {
                    throw ValidationError("\(path): \(error)")
                }
            case (nil, "brazil"?): return .brazilBusinessHours
            case (nil, "24x7"?): return .twentyFourSeven
            case (nil, let other?): throw ValidationError("unknown preset \(other); use brazil or 24x7")
            default: throw ValidationError("give exactly one of --calendar FILE or --preset NAME")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read {\"from\": ISO8601, \"seconds\": N} lines; write {\"due\": ISO8601} lines.",
            discussion: """
                Example:
                  echo '{"from":"2027-02-05T17:00:00-03:00","seconds":7200}' | supportctl calendar add --preset brazil
                  {"due":"2027-02-10T12:00:00Z"}
                """)
        @OptionGroup var options: CalendarOptions

        func run() throws {
            let calendar = try options.load()
            try JSONLines.map { object in
                guard let from = (object["from"] as? String).flatMap(Timestamp.parse) else {
                    throw ValidationError("\"from\" must be an ISO 8601 time")
                }
                guard let seconds = (object["seconds"] as? NSNumber)?.int64Value else {
                    throw ValidationError("\"seconds\" must be an integer")
                }
                return ["due": JSONLines.utc(calendar.adding(seconds, to: from))]
            }
        }
    }

    struct Between: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read {\"from\": ISO8601, \"to\": ISO8601} lines; write {\"seconds\": N} lines.",
            discussion: """
                Example:
                  echo '{"from":"2027-02-05T17:00:00-03:00","to":"2027-02-10T12:00:00Z"}' | supportctl calendar between --preset brazil
                  {"seconds":7200}
                """)
        @OptionGroup var options: CalendarOptions

        func run() throws {
            let calendar = try options.load()
            try JSONLines.map { object in
                guard let from = (object["from"] as? String).flatMap(Timestamp.parse),
                    let to = (object["to"] as? String).flatMap(Timestamp.parse)
                else { throw ValidationError("\"from\" and \"to\" must be ISO 8601 times") }
                return ["seconds": calendar.businessSeconds(from: from, to: to)]
            }
        }
    }
}

/// Reads JSON objects line by line from stdin and writes one JSON object per input line; a bad
/// line becomes `{"error": ...}` in place (so outputs stay aligned) and exit status 65.
enum JSONLines {
    static func map(_ transform: ([String: Any]) throws -> [String: Any]) throws {
        var failures = 0
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let output: [String: Any]
            do {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw ValidationError("not a JSON object")
                }
                output = try transform(object)
            } catch {
                failures += 1
                let message = (error as? ValidationError)?.message ?? "\(error)"
                FileHandle.standardError.write(Data("line \(number): \(message)\n".utf8))
                output = ["error": "line \(number): \(message)"]
            }
            let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(ExitStatus.dataError) }
    }

    /// Whole-second UTC ISO 8601, e.g. 2027-02-10T12:00:00Z.
    static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
