public import Foundation
public import ZeroMQ

/// The bus keys on disk, made by `supportctl keys init`: one folder, every file mode 0600.
///
/// | file | holds |
/// |---|---|
/// | `broker.key` | the broker's secret key (Z85, one line) |
/// | `broker.pub` | the broker's public key, which every client pins |
/// | `<identity>.key` / `.pub` | each service's and the operator's pair |
/// | `allowlist` | `<public key> <identity>` per line: who the broker admits, as what |
///
/// Secret files hold only the secret key; the public half is derived from it, so a pair can
/// never be half-replaced. The broker rereads `allowlist` when it changes, which is how a key
/// is added or retired without a restart.
public struct BusKeyring: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public static let brokerName = "broker"
    public static let allowlistName = "allowlist"

    public func secretFile(_ name: String) -> URL { folder.appendingPathComponent("\(name).key") }
    public func publicFile(_ name: String) -> URL { folder.appendingPathComponent("\(name).pub") }
    public var allowlistFile: URL { folder.appendingPathComponent(Self.allowlistName) }

    /// What `keys init` did: the names it created and those it left as they were.
    public struct InitResult: Sendable, Codable {
        public var created: [String]
        public var kept: [String]
    }

    /// Creates the broker's and every identity's key pair that does not exist yet, and writes
    /// the allowlist with every identity's public key (keeping lines an operator added).
    /// Idempotent: run it on every start.
    @discardableResult
    public func initialize() throws -> InitResult {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var result = InitResult(created: [], kept: [])
        for name in [Self.brokerName] + BusIdentity.allCases.map(\.rawValue) {
            if FileManager.default.fileExists(atPath: secretFile(name).path) {
                _ = try keyPair(name)
                result.kept.append(name)
                continue
            }
            let pair = try CurveKeyPair.generate()
            try Self.writePrivate(pair.secretKey + "\n", to: secretFile(name))
            try Self.writePrivate(pair.publicKey + "\n", to: publicFile(name))
            result.created.append(name)
        }
        var entries = (try? allowlist()) ?? []
        for identity in BusIdentity.allCases {
            let key = try keyPair(identity.rawValue).publicKey
            if !entries.contains(where: { $0.publicKey == key }) { entries.append((key, identity)) }
        }
        try writeAllowlist(entries)
        return result
    }

    /// Adds a new key pair for `identity` beside the current one (both admitted) and returns it;
    /// the first step of a rotation. The new secret goes to `<identity>.next.key`.
    public func rotate(_ identity: BusIdentity) throws -> CurveKeyPair {
        let pair = try CurveKeyPair.generate()
        let name = "\(identity.rawValue).next"
        try Self.writePrivate(pair.secretKey + "\n", to: secretFile(name))
        try Self.writePrivate(pair.publicKey + "\n", to: publicFile(name))
        var entries = try allowlist()
        entries.append((pair.publicKey, identity))
        try writeAllowlist(entries)
        return pair
    }

    /// Removes a public key from the allowlist; connections with it are refused from then on.
    /// Returns false when the key was not listed.
    public func retire(publicKey: String) throws -> Bool {
        var entries = try allowlist()
        let before = entries.count
        entries.removeAll { $0.publicKey == publicKey }
        try writeAllowlist(entries)
        return entries.count != before
    }

    /// The key pair stored under `name` (`broker`, an identity, or `<identity>.next`).
    public func keyPair(_ name: String) throws -> CurveKeyPair {
        let file = secretFile(name)
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw BusKeyError(file: file.path, problem: "cannot be read (run `supportctl keys init`)")
        }
        guard let pair = CurveKeyPair(secretKey: text) else {
            throw BusKeyError(file: file.path, problem: "does not hold a 40-character Z85 CURVE secret key")
        }
        return pair
    }

    /// What a client with `identity` needs: its pair and the broker's public key.
    public func credentials(for identity: BusIdentity) throws -> BusCredentials {
        BusCredentials(keyPair: try keyPair(identity.rawValue), serverPublicKey: try keyPair(Self.brokerName).publicKey)
    }

    /// The admitted keys and as whom; lines starting with `#` and blank lines are ignored.
    public func allowlist() throws -> [(publicKey: String, identity: BusIdentity)] {
        try Self.parseAllowlist(String(contentsOf: allowlistFile, encoding: .utf8), file: allowlistFile.path)
    }

    static func parseAllowlist(_ text: String, file: String) throws -> [(publicKey: String, identity: BusIdentity)] {
        var entries: [(publicKey: String, identity: BusIdentity)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, CurveKeyPair.isKey(String(parts[0])), let identity = BusIdentity(rawValue: String(parts[1]))
            else {
                throw BusKeyError(
                    file: "\(file):\(number + 1)",
                    problem: "expected `<40-character Z85 public key> <\(BusIdentity.allCases.map(\.rawValue).joined(separator: "|"))>`")
            }
            entries.append((String(parts[0]), identity))
        }
        return entries
    }

    private func writeAllowlist(_ entries: [(publicKey: String, identity: BusIdentity)]) throws {
        let header = "# Bus keys the broker admits: <public key> <identity>. Reread on change; see README \"Bus keys\".\n"
        try Self.writePrivate(header + entries.map { "\($0.publicKey) \($0.identity.rawValue)\n" }.joined(), to: allowlistFile)
    }

    /// Writes through a temporary file and a rename, mode 0600 from the start, so a reader
    /// never sees half a file and no other user ever can.
    private static func writePrivate(_ text: String, to file: URL) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw BusKeyError(file: temporary.path, problem: "cannot be written")
        }
        if rename(temporary.path, file.path) != 0 {
            throw BusKeyError(file: file.path, problem: "cannot be replaced (errno \(errno))")
        }
    }
}

/// A key file that is missing or malformed; names the file, never its content.
public struct BusKeyError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let problem: String
    public var description: String { "bus key file \(file) \(problem)" }
}
