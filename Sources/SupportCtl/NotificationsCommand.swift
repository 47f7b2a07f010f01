import ArgumentParser
import Foundation
import Logging
import Notification

/// `supportctl notifications list|replay`: deliveries the notification service gave up on.
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "List deliveries by status and replay the dead ones.",
        subcommands: [List.self, Replay.self])

    struct StoreOption: ParsableArguments {
        @Option(help: ArgumentHelp("notification's store: \(StoreArgument.help) (default: env STORE_URL, else data/notification.sqlite).", valueName: "store"))
        var store: String?
        func open() throws -> DeliveryStore {
            let store = self.store ?? ProcessInfo.processInfo.environment["STORE_URL"] ?? "data/notification.sqlite"
            return try DeliveryStore(
                location: try StoreArgument.location(store, service: "notification"), logger: StoreArgument.logger)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List deliveries: dead (given up), held (waiting for a digest), pending or sent.",
            discussion: """
                Examples:
                  supportctl notifications list
                  supportctl notifications list --status held --json | jq length
                """)
        @OptionGroup var options: StoreOption
        @Option(help: "dead, held, pending, sent or digested.") var status = "dead"
        @Option(help: "Most rows to print.") var limit = 1000
        @Flag(help: "Print a JSON array.") var json = false

        func validate() throws {
            guard ["dead", "held", "pending", "sent", "digested"].contains(status) else {
                throw ValidationError("--status must be dead, held, pending, sent or digested")
            }
        }

        func run() async throws {
            let entries = try await options.open().list(status: status, limit: limit)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
                return
            }
            if entries.isEmpty { print("no \(status) deliveries") }
            for entry in entries {
                print(
                    "\(entry.deliveryId)  \(entry.template ?? "-") → \(entry.recipient ?? "-") (\(entry.channel ?? "-"))  attempts \(entry.attempts)\(entry.lastError.map { "  last error: \($0)" } ?? "")"
                )
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make dead deliveries pending again; the running service sends them within a second.",
            discussion: """
                Their delivery ids do not change, so a receiver that already got one can tell.

                Examples:
                  supportctl notifications replay --all
                  supportctl notifications replay --id 01a2…
                """)
        @OptionGroup var options: StoreOption
        @Option(name: .customLong("id"), help: "Delivery id to replay; repeatable.") var ids: [String] = []
        @Flag(help: "Replay every dead delivery.") var all = false

        func validate() throws {
            guard all != !ids.isEmpty else { throw ValidationError("give --all or one or more --id") }
        }

        func run() async throws {
            let replayed = try await options.open().replay(ids: all ? nil : ids)
            let missing = Set(ids).subtracting(replayed)
            if !missing.isEmpty {
                FileHandle.standardError.write(Data("supportctl: no dead delivery with id \(missing.sorted().joined(separator: ", "))\n".utf8))
                throw ExitCode(ExitStatus.dataError)
            }
            print(replayed.isEmpty ? "nothing to replay" : "replayed \(replayed.count) deliveries")
        }
    }
}
