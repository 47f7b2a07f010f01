import Foundation
import Yams
public import SupportStore

/// The one way every process reads settings: command-line overrides, then environment
/// variables, then a settings file (YAML or JSON), then the documented default.
///
/// Keys are dotted with lowerCamel parts (`bus.publishEndpoint`); the environment name is derived
/// mechanically, as swift-configuration does (`BUS_PUBLISH_ENDPOINT`). A value that does not
/// parse throws ``ConfigError`` naming the key, the value and what would be valid.
public struct ConfigReader: Sendable {
    private let overrides: [String: String]
    private let environment: [String: String]
    private let file: [String: String]

    /// - Parameters:
    ///   - file: optional settings file; nested maps flatten to dotted keys.
    ///   - overrides: values given on the command line, highest precedence.
    public init(
        file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [String: String] = [:]
    ) throws {
        self.overrides = overrides
        self.environment = environment
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigError(key: "config", value: file, expected: "a readable YAML or JSON settings file")
            }
            let node: Any?
            do {
                node = try Yams.load(yaml: text)
            } catch {
                throw ConfigError(key: "config", value: file, expected: "valid YAML or JSON (\(error))")
            }
            var flat: [String: String] = [:]
            Self.flatten(node, prefix: "", into: &flat)
            self.file = flat
        } else {
            self.file = [:]
        }
    }

    private static func flatten(_ node: Any?, prefix: String, into flat: inout [String: String]) {
        if let map = node as? [String: Any] {
            for (key, value) in map { flatten(value, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &flat) }
        } else if let list = node as? [Any] {
            flat[prefix] = list.map { "\($0)" }.joined(separator: ",")
        } else if let node {
            flat[prefix] = "\(node)"
        }
    }

    /// `bus.publishEndpoint` → `BUS_PUBLISH_ENDPOINT`.
    public static func environmentName(for key: String) -> String {
        var out = ""
        var previousWasLower = false
        for character in key {
            if character == "." || character == "-" {
                out.append("_")
                previousWasLower = false
            } else if character.isUppercase {
                if previousWasLower { out.append("_") }
                out.append(character)
                previousWasLower = false
            } else {
                out.append(contentsOf: character.uppercased())
                previousWasLower = character.isLowercase || character.isNumber
            }
        }
        return out
    }

    /// A secret (password, API token, signing secret): from the environment variable of `key`,
    /// or from the file named by `<key>File` (any source; trailing newline dropped). Never from
    /// the command line, where `ps` would show it, nor from a settings file that may be
    /// committed. Errors name the key or the file, never the value.
    public func secret(_ key: String) throws -> String? {
        if overrides[key] != nil || file[key] != nil {
            throw ConfigError(
                key: key, value: "(hidden)",
                expected: "the secret in env \(Self.environmentName(for: key)) or in a file named by \(key)File, "
                    + "never on the command line or in the settings file")
        }
        if let value = environment[Self.environmentName(for: key)], !value.isEmpty { return value }
        guard let path = optionalString(key + "File") else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(key: key + "File", value: path, expected: "a readable file holding the secret")
        }
        let value = text.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw ConfigError(key: key + "File", value: path, expected: "a file that is not empty") }
        return value
    }

    /// The raw value for `key`, or nil when nothing sets it.
    public func raw(_ key: String) -> String? {
        overrides[key] ?? environment[Self.environmentName(for: key)] ?? file[key]
    }

    public func string(_ key: String, default value: String) -> String {
        raw(key) ?? value
    }

    public func optionalString(_ key: String) -> String? {
        raw(key).flatMap { $0.isEmpty ? nil : $0 }
    }

    public func int(_ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = raw(key) else { return value }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigError(key: key, value: text, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public func double(_ key: String, default value: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = raw(key) else { return value }
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigError(key: key, value: text, expected: "a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let text = raw(key) else { return value }
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw ConfigError(key: key, value: text, expected: "true or false")
        }
    }

    /// A ZeroMQ endpoint such as `tcp://127.0.0.1:7701` or `ipc:///tmp/bus`.
    public func endpoint(_ key: String, default value: String) throws -> String {
        let text = string(key, default: value)
        let schemes = ["tcp://", "ipc://", "inproc://"]
        guard schemes.contains(where: text.hasPrefix), text.count > 8 else {
            throw ConfigError(key: key, value: text, expected: "a ZeroMQ endpoint like tcp://127.0.0.1:7701")
        }
        return text
    }

    /// One of `choices`.
    public func choice(_ key: String, default value: String, _ choices: [String]) throws -> String {
        let text = string(key, default: value)
        guard choices.contains(text) else {
            throw ConfigError(key: key, value: text, expected: "one of \(choices.joined(separator: ", "))")
        }
        return text
    }
}

extension ConfigReader {
    /// Where a stateful service keeps its state: `store.url` (`sqlite:PATH` or `postgres://…`),
    /// else the SQLite file at `store.path`, else `defaultPath`.
    ///
    /// A PostgreSQL URL may hold a password, so it is treated as a secret when it does: from env
    /// `STORE_URL` or a file named by `store.urlFile`, never from `--set` or the settings file.
    public func storeLocation(defaultPath: String) throws -> StoreLocation {
        let key = "store.url"
        if let given = overrides[key] ?? file[key] {
            let location = try Self.parseStore(given, key: key)
            if case .postgres(let server) = location, server.password != nil {
                throw ConfigError(
                    key: key, value: "(hidden)",
                    expected: "no password on the command line or in the settings file: put a URL with a password in env "
                        + "STORE_URL or in a file named by store.urlFile")
            }
            return location
        }
        if let url = try secret(key) { return try Self.parseStore(url, key: key) }
        return .sqlite(path: string("store.path", default: defaultPath))
    }

    private static func parseStore(_ text: String, key: String) throws -> StoreLocation {
        do {
            return try StoreLocation(url: text)
        } catch {
            throw ConfigError(key: key, value: text.contains("@") ? "(hidden)" : text, expected: StoreLocation.expected)
        }
    }
}
