import ArgumentParser
import Foundation
import GRDB
import Logging
import SupportBus
import SupportDomain
import SupportRuntime
import SupportStore
import ZeroMQ

/// `supportctl deadletters list|replay`: what a service gave up on, and sending it again.
struct DeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadletters",
        abstract: "List and replay the deliveries a service moved to its dead letters.",
        subcommands: [List.self, Replay.self])

    struct StoreOption: ParsableArguments {
        @Option(help: "The service's store: its SQLite file (e.g. data/sla.sqlite), or postgres://… with --service.")
        var store: String

        @Option(help: "The service whose dead letters to read from a PostgreSQL store: intake, sla or notification.")
        var service: String?

        func open() throws -> Store {
            let location = try StoreArgument.location(store, service: service ?? "the service's")
            if case .postgres = location {
                guard let service, ["intake", "sla", "notification"].contains(service) else {
                    throw ValidationError("with a postgres:// store, give --service intake, sla or notification (the schema to read)")
                }
            }
            // Only reads and writes existing tables: no migrations of its own.
            return try Store(
                location, schema: StoreSchema(name: service ?? "main", sqlite: DatabaseMigrator(), postgres: []),
                logger: StoreArgument.logger)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the dead letters of one service's store.",
            discussion: """
                Example:
                  supportctl deadletters list --store data/sla.sqlite
                  supportctl deadletters list --store data/intake.sqlite --json
                """)
        @OptionGroup var options: StoreOption
        @Flag(help: "One JSON object per dead letter per line (the envelope as text when it is UTF-8).") var json = false

        func run() async throws {
            let entries = try await options.open().read { db in try DeadLetterTable.all(in: db) }
            for entry in entries {
                if json {
                    let object: [String: Any] = [
                        "eventId": entry.eventID, "role": entry.role, "topic": entry.topic ?? NSNull(), "error": entry.error,
                        "attempts": entry.attempts, "failedAt": Timestamp.format(entry.failedAt),
                        "envelope": String(validating: entry.bytes, as: UTF8.self) ?? NSNull(),
                    ]
                    print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
                } else {
                    print("\(Timestamp.format(entry.failedAt))  \(entry.eventID)  \(entry.role)  \(entry.topic ?? "-")  tries=\(entry.attempts)  \(entry.error.prefix(120))")
                }
            }
            if !json { print("\(entries.count) dead letter\(entries.count == 1 ? "" : "s")") }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand dead letters to their role again through the broker; each is removed once a worker has it.",
            discussion: """
                A replayed delivery that fails again returns to the dead letters.

                Examples:
                  supportctl deadletters replay --store data/sla.sqlite --all
                  supportctl deadletters replay --store data/sla.sqlite --id 01a2…
                """)
        @OptionGroup var options: StoreOption
        @Option(name: .customLong("id"), help: "Event id to replay; repeatable.") var ids: [String] = []
        @Flag(help: "Replay every dead letter in the store.") var all = false
        @Option(help: "The broker's hand-off endpoint (default: bus.handoffEndpoint, tcp://127.0.0.1:7703).") var bus: String?
        @Option(help: "Seconds to wait for the workers to take them.") var timeout: Double = 30
        @OptionGroup var access: BusAccessOption

        func validate() throws {
            guard all != !ids.isEmpty else { throw ValidationError("give --all or one or more --id") }
        }

        func run() async throws {
            let store = try options.open()
            let entries = try await store.read { db in try DeadLetterTable.all(in: db) }
                .filter { (all || ids.contains($0.eventID)) && ServiceRole(rawValue: $0.role) != nil }
            let missing = Set(ids).subtracting(entries.map(\.eventID))
            if !missing.isEmpty {
                FileHandle.standardError.write(Data("supportctl: no dead letter with id \(missing.sorted().joined(separator: ", "))\n".utf8))
                throw ExitCode(ExitStatus.dataError)
            }
            guard !entries.isEmpty else {
                print("nothing to replay")
                return
            }
            var endpoints = try access.endpoints()
            if let bus { endpoints.handoff = bus }
            var logger = Logger(label: "support.supportctl")
            logger.logLevel = .warning
            let factory = EventFactory(service: "supportctl")
            let client = BusClient(context: try Context(), endpoints: endpoints, identity: factory.producer, roles: [], logger: logger)
            // Take them out of the dead letters before sending: a consumer that fails again buries
            // the event anew, and that must not be undone by this command. What no worker takes
            // by the deadline is put back.
            try await store.write { db in
                for entry in entries { try DeadLetterTable.delete(eventID: entry.eventID, role: entry.role, in: db) }
            }
            let sender = HandOffSender(client: client, logger: logger, initialTimeout: .seconds(1), maximumTimeout: .seconds(5)) { _ in }
            let items = entries.compactMap { entry in
                ServiceRole(rawValue: entry.role).map { OutboxItem(eventID: entry.eventID, role: $0, bytes: entry.bytes) }
            }
            let replayed = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    try await client.run()
                    return 0
                }
                group.addTask {
                    await sender.run()
                    return 0
                }
                await sender.send(items)
                let deadline = Date().addingTimeInterval(timeout)
                while await sender.backlog > 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
                let left = await sender.backlog
                group.cancelAll()
                return items.count - left
            }
            print("replayed \(replayed) of \(items.count)")
            if replayed < items.count {
                let pending = await sender.pendingKeys
                try await store.write { db in
                    for entry in entries where pending.contains(where: { $0.eventID == entry.eventID && $0.role.rawValue == entry.role }) {
                        try DeadLetterTable.insert(entry, in: db)
                    }
                }
                throw ExitCode(ExitStatus.unavailable)
            }
        }
    }
}
