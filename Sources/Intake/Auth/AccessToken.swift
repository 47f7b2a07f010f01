import Crypto
import Foundation
import GRDB
import SupportDomain
public import SupportStore

/// Bearer tokens: `sdk_<id>_<secret>`, with 256 random bits of secret. Only the SHA-256 of the
/// secret is stored, so a copy of the database does not reveal a usable token; the secret is
/// shown once, at creation.
public enum AccessToken {
    /// A token as listed (no secret).
    public struct Record: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var scopes: [Scope]
        public var account: String?
        public var createdAt: Date
        public var revokedAt: Date?
    }

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("intake-v3-tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE access_token (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        account TEXT,
                        secret_hash BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        revoked_at REAL
                    ) WITHOUT ROWID;
                    """)
        }
    }

    /// Creates a token in `db`; returns the full token text, to be shown once.
    public static func create(name: String, scopes: [Scope], account: String?, in db: any StoreConnection, now: Date = Date()) throws
        -> String
    {
        var generator = SystemRandomNumberGenerator()
        let id = Hex.string(generator.next() as UInt64)
        let secret = (0..<4).map { _ in Hex.string(generator.next() as UInt64) }.joined()
        try db.execute(
            "INSERT INTO access_token (id, name, scopes, account, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(id), .text(name), .text(scopes.map(\.rawValue).sorted().joined(separator: " ")), .optional(account),
                .blob(hash(secret)), .real(now.timeIntervalSince1970),
            ])
        return "sdk_\(id)_\(secret)"
    }

    public static func list(in db: any StoreConnection) throws -> [Record] {
        try db.rows("SELECT id, name, scopes, account, created_at, revoked_at FROM access_token ORDER BY created_at", []).map { row in
            Record(
                id: try row.string(0), name: try row.string(1),
                scopes: try row.string(2).split(separator: " ").compactMap { Scope(rawValue: String($0)) },
                account: try row.optionalString(3), createdAt: Date(timeIntervalSince1970: try row.double(4)),
                revokedAt: try row.optionalDouble(5).map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Revokes by id; false when no such token.
    public static func revoke(id: String, in db: any StoreConnection, now: Date = Date()) throws -> Bool {
        try db.execute(
            "UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.real(now.timeIntervalSince1970), .text(id)]) > 0
    }

    /// Live tokens with their secret hashes, for the in-memory verifier.
    static func live(in db: any StoreConnection) throws -> [String: (hash: [UInt8], principal: Principal)] {
        var tokens: [String: (hash: [UInt8], principal: Principal)] = [:]
        for row in try db.rows("SELECT id, name, scopes, account, secret_hash FROM access_token WHERE revoked_at IS NULL", []) {
            let id = try row.string(0)
            let scopes = Set(try row.string(2).split(separator: " ").compactMap { Scope(rawValue: String($0)) })
            tokens[id] = (try row.bytes(4), Principal(tokenID: id, name: try row.string(1), scopes: scopes, account: try row.optionalString(3)))
        }
        return tokens
    }

    static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

    /// The id and secret of an `Authorization: Bearer sdk_<id>_<secret>` value ("bearer" in any
    /// case, spaces or tabs around the token), or nil. Read as UTF-8 bytes: it runs on every
    /// request, and Foundation's `trimmingCharacters` was most of its cost (BENCHMARKS.md).
    static func parse(authorization: String) -> (id: String, secret: String)? {
        var utf8 = Substring(authorization).utf8
        guard utf8.count < 200, utf8.count > 7,
            utf8.prefix(6).map({ $0 | 0x20 }).elementsEqual("bearer".utf8), utf8.dropFirst(6).first == UInt8(ascii: " ")
        else { return nil }
        utf8 = utf8.dropFirst(7)
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        while let first = utf8.first, blank(first) { utf8 = utf8.dropFirst() }
        while let last = utf8.last, blank(last) { utf8 = utf8.dropLast() }
        let parts = utf8.split(separator: UInt8(ascii: "_"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual("sdk".utf8), parts[1].count == 16, parts[2].count == 64 else { return nil }
        return (String(Substring(parts[1])), String(Substring(parts[2])))
    }
}
