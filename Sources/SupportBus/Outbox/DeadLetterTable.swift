import Foundation
import GRDB
import SupportDomain

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

    public static func insert(_ entry: Entry, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO dead_letter (event_id, role, topic, error, attempts, failed_at, envelope)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.eventID, entry.role, entry.topic, entry.error, entry.attempts, entry.failedAt.timeIntervalSince1970,
                Data(entry.bytes),
            ])
    }

    public static func all(in db: Database) throws -> [Entry] {
        try Row.fetchAll(db, sql: "SELECT * FROM dead_letter ORDER BY failed_at").map { row in
            Entry(
                eventID: row["event_id"], role: row["role"], topic: row["topic"], error: row["error"],
                attempts: row["attempts"], failedAt: Date(timeIntervalSince1970: row["failed_at"]),
                bytes: Array(row["envelope"] as Data))
        }
    }

    public static func delete(eventID: String, role: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM dead_letter WHERE event_id = ? AND role = ?", arguments: [eventID, role])
    }
}
