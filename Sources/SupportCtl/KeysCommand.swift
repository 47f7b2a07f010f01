import ArgumentParser
import Foundation
import SupportBus
import ZeroMQ

/// `supportctl keys init|list|rotate|retire`: the bus's CURVE keys and the broker's allowlist.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, rotate and retire the bus's CURVE keys.",
        discussion: """
            The bus encrypts and authenticates every ZeroMQ connection with CURVE. The broker \
            admits only public keys on the allowlist, and names each connection with the identity \
            listed beside its key; an identity may publish only its own topics. `supportctl up` \
            runs `keys init` by itself. README "Bus keys" explains rotation without downtime.
            """,
        subcommands: [Init.self, List.self, Rotate.self, Retire.self])

    struct FolderOption: ParsableArguments {
        @Option(help: "Folder of the bus keys.") var dir = "data/keys"
        var keyring: BusKeyring { BusKeyring(folder: URL(fileURLWithPath: dir)) }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the broker's, each service's and the operator's key pairs (mode 0600) and the allowlist.",
            discussion: """
                Existing keys are kept, so running it again changes nothing.

                Examples:
                  supportctl keys init
                  supportctl keys init --dir /etc/supportdesk/keys --json
                """)
        @OptionGroup var folder: FolderOption
        @Flag(help: "Print {\"created\": [...], \"kept\": [...]} as JSON.") var json = false

        func run() throws {
            let result = try folder.keyring.initialize()
            if json {
                print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            } else {
                print("bus keys in \(folder.dir): created \(result.created.isEmpty ? "none" : result.created.joined(separator: ", ")); kept \(result.kept.isEmpty ? "none" : result.kept.joined(separator: ", "))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the allowlist: public keys and identities (never a secret).",
            discussion: """
                Examples:
                  supportctl keys list
                  supportctl keys list --json | jq -r '.[] | select(.identity == "sla") | .publicKey'
                """)
        @OptionGroup var folder: FolderOption
        @Flag(help: "Print a JSON array of {publicKey, identity}.") var json = false

        func run() throws {
            let entries = try folder.keyring.allowlist()
            if json {
                let rows = entries.map { ["publicKey": $0.publicKey, "identity": $0.identity.rawValue] }
                print(String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self))
            } else {
                for entry in entries { print("\(entry.publicKey)  \(entry.identity.rawValue)") }
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a second key pair for an identity and admit it beside the first.",
            discussion: """
                The new secret key is written to <dir>/<identity>.next.key. Move it over \
                <identity>.key, restart that service's instances one by one, then retire the old \
                public key. The broker rereads the allowlist by itself.

                Examples:
                  supportctl keys rotate sla
                """)
        @OptionGroup var folder: FolderOption
        @Argument(help: "intake, classification, sla, notification or operator.") var identity: String

        func validate() throws {
            guard BusIdentity(rawValue: identity) != nil else {
                throw ValidationError("unknown identity \(identity); use \(BusIdentity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let pair = try folder.keyring.rotate(BusIdentity(rawValue: identity)!)
            print("new \(identity) key admitted: \(pair.publicKey) (secret in \(folder.keyring.secretFile("\(identity).next").path))")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a public key from the allowlist; new connections with it are refused.",
            discussion: """
                Examples:
                  supportctl keys retire 'rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7'
                """)
        @OptionGroup var folder: FolderOption
        @Argument(help: "The public key to remove (as `keys list` prints it).") var publicKey: String

        func run() throws {
            guard try folder.keyring.retire(publicKey: publicKey) else {
                FileHandle.standardError.write(Data("supportctl: \(publicKey) is not on the allowlist\n".utf8))
                throw ExitCode(ExitStatus.dataError)
            }
            print("retired \(publicKey)")
        }
    }
}
