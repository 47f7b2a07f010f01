import Crypto
import Foundation
import GRDB

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
    public static func create(name: String, scopes: [Scope], account: String?, in db: Database, now: Date = Date()) throws
        -> String
    {
        var generator = SystemRandomNumberGenerator()
        let id = String(format: "%016llx", generator.next() as UInt64)
        let secret = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        try db.execute(
            sql: """
                INSERT INTO access_token (id, name, scopes, account, secret_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, name, scopes.map(\.rawValue).sorted().joined(separator: " "), account, Data(hash(secret)),
                now.timeIntervalSince1970,
            ])
        return "sdk_\(id)_\(secret)"
    }

    public static func list(in db: Database) throws -> [Record] {
        try Row.fetchAll(db, sql: "SELECT * FROM access_token ORDER BY created_at").map { row in
            Record(
                id: row["id"], name: row["name"],
                scopes: (row["scopes"] as String).split(separator: " ").compactMap { Scope(rawValue: String($0)) },
                account: row["account"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Revokes by id; false when no such token.
    public static func revoke(id: String, in db: Database, now: Date = Date()) throws -> Bool {
        try db.execute(
            sql: "UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            arguments: [now.timeIntervalSince1970, id])
        return db.changesCount > 0
    }

    /// Live tokens with their secret hashes, for the in-memory verifier.
    static func live(in db: Database) throws -> [String: (hash: [UInt8], principal: Principal)] {
        var tokens: [String: (hash: [UInt8], principal: Principal)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM access_token WHERE revoked_at IS NULL") {
            let id: String = row["id"]
            let scopes = Set((row["scopes"] as String).split(separator: " ").compactMap { Scope(rawValue: String($0)) })
            tokens[id] = (
                Array(row["secret_hash"] as Data),
                Principal(tokenID: id, name: row["name"], scopes: scopes, account: row["account"])
            )
        }
        return tokens
    }

    static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

    /// Splits `sdk_<id>_<secret>`; nil for anything else.
    static func parse(_ token: String) -> (id: String, secret: String)? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "sdk", parts[1].count == 16, parts[2].count == 64 else { return nil }
        return (String(parts[1]), String(parts[2]))
    }
}
