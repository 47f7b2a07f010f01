import Foundation
public import GRDB
import SupportDomain
public import SupportStore

/// Deliveries a service gave up on: undecodable, or failed every try. Kept with the bytes as
/// received so an operator can look at them and replay them (`supportctl deadletters`).
public enum DeadLetterTable {
    /// One dead letter.
    public struct Entry: Codable, Sendable, Hashable {
        public var eventID: String
        public var role: String
        public var topic: String?
        public var error: String
        public var attempts: Int
        public var failedAt: Date
        public var bytes: [UInt8]
    }

    public static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("bus-v2-dead-letters") { db in
            try db.execute(
                sql: """
                    CREATE TABLE dead_letter (
                        event_id TEXT NOT NULL,
                        role TEXT NOT NULL,
                        topic TEXT,
                        error TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        failed_at REAL NOT NULL,
                        envelope BLOB NOT NULL,
                        PRIMARY KEY (event_id, role)
                    ) WITHOUT ROWID;
                    """)
        }
    }

    /// The same table on PostgreSQL.
    public static let postgresMigrations = [
        StoreMigration(
            "bus-v2-dead-letters",
            [
                """
                CREATE TABLE dead_letter (
                    event_id TEXT NOT NULL, role TEXT NOT NULL, topic TEXT, error TEXT NOT NULL,
                    attempts BIGINT NOT NULL, failed_at DOUBLE PRECISION NOT NULL, envelope BYTEA NOT NULL,
                    PRIMARY KEY (event_id, role))
                """
            ])
    ]

    public static func insert(_ entry: Entry, in db: any StoreConnection) throws {
        try db.execute(
            """
            INSERT INTO dead_letter (event_id, role, topic, error, attempts, failed_at, envelope)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id, role) DO UPDATE SET topic = excluded.topic, error = excluded.error,
                attempts = excluded.attempts, failed_at = excluded.failed_at, envelope = excluded.envelope
            """,
            [
                .text(entry.eventID), .text(entry.role), .optional(entry.topic), .text(entry.error),
                StoreValue(entry.attempts), .real(entry.failedAt.timeIntervalSince1970), .blob(entry.bytes),
            ])
    }

    public static func all(in db: any StoreConnection) throws -> [Entry] {
        try db.rows(
            "SELECT event_id, role, topic, error, attempts, failed_at, envelope FROM dead_letter ORDER BY failed_at", []
        ).map { row in
            Entry(
                eventID: try row.string(0), role: try row.string(1), topic: try row.optionalString(2), error: try row.string(3),
                attempts: try row.int(4), failedAt: Date(timeIntervalSince1970: try row.double(5)), bytes: try row.bytes(6))
        }
    }

    public static func delete(eventID: String, role: String, in db: any StoreConnection) throws {
        try db.execute("DELETE FROM dead_letter WHERE event_id = ? AND role = ?", [.text(eventID), .text(role)])
    }
}
