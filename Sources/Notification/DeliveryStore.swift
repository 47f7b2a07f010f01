import Foundation
import GRDB
import SupportBus
import SupportDomain

/// Notification's store: the deliveries it owes and the events it has processed.
///
/// Accepting an event writes its messages as pending deliveries in the same transaction that
/// marks the event processed; only then is the hand-off acknowledged. Delivery happens from this
/// table, so a crash at any point leaves either nothing done or a pending row to finish.
public final class DeliveryStore: Sendable {
    let pool: DatabasePool

    public init(path: String) throws {
        var migrator = DatabaseMigrator()
        OutboxTable.register(in: &migrator)
        DeadLetterTable.register(in: &migrator)
        migrator.registerMigration("notification-v1-deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE delivery (
                        delivery_id TEXT PRIMARY KEY NOT NULL,
                        event_id TEXT NOT NULL,
                        ticket_id TEXT,
                        status TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL,
                        message BLOB NOT NULL,
                        last_error TEXT,
                        created_at REAL NOT NULL,
                        sent_at REAL
                    ) WITHOUT ROWID;
                    CREATE INDEX delivery_pending ON delivery (status, next_attempt_at);
                    """)
        }
        pool = try DurableStore.open(path: path, migrator: migrator)
    }

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Records the messages each event causes, once per event, in one transaction; returns
    /// how many messages were newly recorded.
    func accept(_ batch: [(eventID: String, messages: [Message])], now: Date) async throws -> Int {
        try await pool.write { db in
            var recorded = 0
            for (eventID, messages) in batch {
                guard try OutboxTable.markProcessed(eventID, at: now.timeIntervalSince1970, in: db) else { continue }
                recorded += try Self.insert(messages, eventID: eventID, now: now, in: db)
            }
            return recorded
        }
    }

    func bury(_ entry: DeadLetterTable.Entry) async throws {
        try await pool.write { db in try DeadLetterTable.insert(entry, in: db) }
    }

    private static func insert(_ messages: [Message], eventID: String, now: Date, in db: Database) throws -> Int {
            for message in messages {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO delivery (delivery_id, event_id, ticket_id, status, next_attempt_at, message, created_at)
                        VALUES (?, ?, ?, 'pending', ?, ?, ?)
                        """,
                    arguments: [
                        message.deliveryID, eventID, message.ticketID, now.timeIntervalSince1970,
                        try Self.encoder.encode(message), now.timeIntervalSince1970,
                    ])
            }
            return messages.count
    }

    /// Pending deliveries due at `now`, oldest first.
    func due(now: Date, limit: Int = 256) async throws -> [(Message, attempts: Int)] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT message, attempts FROM delivery WHERE status = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ?
                    """, arguments: [now.timeIntervalSince1970, limit]
            ).map { row in
                (try Self.decoder.decode(Message.self, from: row["message"] as Data), row["attempts"] as Int)
            }
        }
    }

    func markSent(_ deliveryID: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE delivery SET status = 'sent', attempts = attempts + 1, sent_at = ? WHERE delivery_id = ?",
                arguments: [now.timeIntervalSince1970, deliveryID])
        }
    }

    /// Records a failed attempt; after `maximumAttempts` the delivery is dead-lettered.
    func markFailed(_ deliveryID: String, error: String, retryAt: Date, maximumAttempts: Int) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE delivery SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                    status = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'pending' END WHERE delivery_id = ?
                    """, arguments: [error, retryAt.timeIntervalSince1970, maximumAttempts, deliveryID])
            return try String.fetchOne(db, sql: "SELECT status FROM delivery WHERE delivery_id = ?", arguments: [deliveryID])
                == "dead"
        }
    }
}
