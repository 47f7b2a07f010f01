import ArgumentParser
import Foundation
import Intake
import Logging
import SupportStore
import SupportDomain

/// `supportctl token create|list|revoke`: the API's bearer tokens, in intake's store.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the HTTP API's bearer tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct StoreOption: ParsableArguments {
        @Option(help: ArgumentHelp("intake's store: \(StoreArgument.help) (default: env STORE_URL, else data/intake.sqlite).", valueName: "store"))
        var store: String?
        func open() throws -> TicketStore {
            let store = self.store ?? ProcessInfo.processInfo.environment["STORE_URL"] ?? "data/intake.sqlite"
            return try TicketStore(location: try StoreArgument.location(store, service: "intake"), logger: StoreArgument.logger)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once (only its hash is kept).",
            discussion: """
                Scopes: tickets:create, tickets:read, agent, admin. An account-bound token acts for \
                that account's tickets and users only.

                Examples:
                  supportctl token create --name support-team --scope agent
                  supportctl token create --name norte-portal --scope tickets:create --scope tickets:read --account norte-plus
                """)
        @OptionGroup var options: StoreOption
        @Option(help: "A name to recognise the token by.") var name: String
        @Option(name: .customLong("scope"), help: "A scope; repeatable.") var scopes: [String]
        @Option(help: "Bind the token to one account.") var account: String?
        @Flag(help: "Print {\"id\", \"token\"} as JSON.") var json = false

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else {
                throw ValidationError("--name must be 1…100 characters")
            }
            guard !scopes.isEmpty else { throw ValidationError("give at least one --scope") }
            for scope in scopes where Scope(rawValue: scope) == nil {
                throw ValidationError("unknown scope \(scope); use \(Scope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let token = try await options.open().createToken(
                name: name, scopes: scopes.compactMap(Scope.init(rawValue:)), account: account)
            if json {
                print("{\"id\":\"\(token.split(separator: "_")[1])\",\"token\":\"\(token)\"}")
            } else {
                print(token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens (never their secrets).", discussion: "Example:\n  supportctl token list --json")
        @OptionGroup var options: StoreOption
        @Flag(help: "One JSON object per token per line.") var json = false

        func run() async throws {
            for record in try await options.open().tokens() {
                if json {
                    let object: [String: Any] = [
                        "id": record.id, "name": record.name, "scopes": record.scopes.map(\.rawValue),
                        "account": record.account ?? NSNull(), "createdAt": Timestamp.format(record.createdAt),
                        "revokedAt": record.revokedAt.map(Timestamp.format) ?? NSNull(),
                    ]
                    print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
                } else {
                    let state = record.revokedAt.map { "revoked \(Timestamp.format($0))" } ?? "live"
                    print("\(record.id)  \(record.name)  \(record.scopes.map(\.rawValue).joined(separator: ","))  \(record.account ?? "any account")  \(state)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by id; every running intake refuses it within a second.",
            discussion: "Example:\n  supportctl token revoke 3f2a9c0d1e2b4a5f")
        @OptionGroup var options: StoreOption
        @Argument(help: "The token's id: the 16 hex digits between sdk_ and the next underscore.") var id: String

        func run() async throws {
            guard try await options.open().revokeToken(id: id) else {
                FileHandle.standardError.write(Data("supportctl: no live token with id \(id)\n".utf8))
                throw ExitCode(ExitStatus.dataError)
            }
            print("revoked \(id)")
        }
    }
}
