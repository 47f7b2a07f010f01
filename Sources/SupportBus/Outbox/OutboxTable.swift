import Foundation
public import GRDB
import SupportDomain

/// The durable outbox and inbox tables every stateful service shares the shape of.
///
/// The outbox row is written in the same transaction as the state change that produced the
/// event, so a committed change always has its hand-offs owed; the inbox row (processed event
/// ids) is written in the same transaction as the effect of a delivery, so a redelivery is
/// recognised and only acknowledged again.
public enum OutboxTable {
    /// Registers the tables' migration; call from each service's migrator.
    public static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("bus-v1-outbox-inbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        event_id TEXT NOT NULL,
                        role TEXT NOT NULL,
                        envelope BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (event_id, role)
                    ) WITHOUT ROWID;
                    CREATE TABLE inbox (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        processed_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
    }

    /// Writes one row per consumer role of the envelope's topic; returns the items to send
    /// after commit.
    public static func insert(_ envelope: Envelope, bytes: [UInt8], in db: Database) throws -> [OutboxItem] {
        var items: [OutboxItem] = []
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO outbox (event_id, role, envelope, created_at) VALUES (?, ?, ?, ?)")
        for role in envelope.topic.consumers {
            try statement.execute(arguments: [envelope.id, role.rawValue, Data(bytes), envelope.occurredAt.timeIntervalSince1970])
            items.append(OutboxItem(eventID: envelope.id, role: role, bytes: bytes))
        }
        return items
    }

    /// Deletes acknowledged rows.
    public static func delete(_ keys: [OutboxKey], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM outbox WHERE event_id = ? AND role = ?")
        for key in keys { try statement.execute(arguments: [key.eventID, key.role.rawValue]) }
    }

    /// Every row still owed, oldest first: resent at start-up.
    public static func pending(in db: Database) throws -> [OutboxItem] {
        try Row.fetchAll(db, sql: "SELECT event_id, role, envelope FROM outbox ORDER BY created_at").compactMap { row in
            guard let role = ServiceRole(rawValue: row["role"]) else { return nil }
            let data: Data = row["envelope"]
            return OutboxItem(eventID: row["event_id"], role: role, bytes: Array(data))
        }
    }

    /// Forgets processed event ids older than `cutoff` (seconds since 1970). A producer resends
    /// only until it hears DONE, which takes seconds, so a week of memory is ample.
    public static func pruneInbox(olderThan cutoff: Double, in db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM inbox WHERE processed_at < ?", arguments: [cutoff])
        return db.changesCount
    }

    /// Records `eventID` as processed; false when it already was (a duplicate: skip the effect,
    /// acknowledge again).
    public static func markProcessed(_ eventID: String, at time: Double, in db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO inbox (event_id, processed_at) VALUES (?, ?)")
            .execute(arguments: [eventID, time])
        return db.changesCount > 0
    }
}
