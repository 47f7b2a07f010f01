import Foundation
import SupportDomain
import Yams

/// Loads the customer directory from a YAML or JSON file, with errors that name the file and
/// the place in it.
public enum DirectoryLoader {
    public static func load(path: String) throws -> Directory {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(key: "directory.path", value: path, expected: "a readable directory file (YAML or JSON)")
        }
        do {
            let directory = try YAMLDecoder().decode(Directory.self, from: text)
            try validate(directory)
            return directory
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(key: "directory.path", value: path, expected: "a valid directory: \(describe(error))")
        }
    }

    private static func validate(_ directory: Directory) throws {
        var seen = Set<String>()
        for account in directory.accounts where !seen.insert(account.id).inserted {
            throw ConfigError(key: "directory.accounts", value: account.id, expected: "unique account ids")
        }
        for (index, user) in directory.users.enumerated() where directory.account(id: user.account) == nil {
            throw ConfigError(
                key: "directory.users[\(index)].account", value: user.account, expected: "the id of an account in the file")
        }
        for (index, user) in directory.users.enumerated() {
            if let zone = user.timeZone, TimeZone(identifier: zone) == nil {
                throw ConfigError(key: "directory.users[\(index)].timeZone", value: zone, expected: "an IANA time zone")
            }
        }
    }

    /// A one-line description of a decoding error with its coding path.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
