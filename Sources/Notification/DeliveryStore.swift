import Foundation
import GRDB
import SupportBus
import SupportStore
import SupportDomain

/// Notification's store: the deliveries it owes and the events it has processed.
///
/// Accepting an event writes its messages as pending deliveries in the same transaction that
/// marks the event processed; only then is the hand-off acknowledged. Delivery happens from this
/// table, so a crash at any point leaves either nothing done or a pending row to finish.
public final class DeliveryStore: Sendable {
    let pool: DatabasePool
    /// The same pool as the shared store type (readiness, maintenance).
    let storage: Store

    public init(path: String, throttle: Throttle = Throttle()) throws {
        self.throttle = throttle
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
        migrator.registerMigration("notification-v2-throttle") { db in
            // Who a delivery is for, so a burst to one person can be counted and held for a digest.
            try db.execute(
                sql: """
                    ALTER TABLE delivery ADD COLUMN recipient TEXT;
                    ALTER TABLE delivery ADD COLUMN channel TEXT;
                    ALTER TABLE delivery ADD COLUMN digest_id TEXT;
                    CREATE INDEX delivery_recipient ON delivery (recipient, channel, created_at);
                    CREATE INDEX delivery_held ON delivery (status, created_at) WHERE status = 'held';
                    """)
        }
        migrator.registerMigration("notification-v3-throttle-covering") { db in
            // The burst count reads the index alone (status included), and stops at the limit:
            // a shared mailbox with thousands of recent messages costs no more than a person.
            try db.execute(
                sql: """
                    DROP INDEX delivery_recipient;
                    CREATE INDEX delivery_recipient_recent ON delivery (recipient, channel, created_at, status);
                    """)
        }
        pool = try DurableStore.open(path: path, migrator: migrator)
        storage = Store(sqlite: pool)
    }

    /// A person gets at most `limit` messages per `window` on one channel; what comes beyond is
    /// held and goes out as one digest `delay` after the first held message. Never dropped.
    /// A `limit` of 0 turns digests off.
    public struct Throttle: Sendable {
        public var limit: Int
        public var window: TimeInterval
        public var delay: TimeInterval
        public init(limit: Int = 5, window: TimeInterval = 600, delay: TimeInterval = 120) {
            self.limit = limit
            self.window = window
            self.delay = delay
        }
        /// Channels read by machines are never digested.
        static let exempt: Set<String> = ["webhook"]
    }

    public let throttle: Throttle

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Records the messages each event causes, once per event, in one transaction; returns
    /// how many messages were newly recorded.
    public func accept(_ batch: [(eventID: String, messages: [Message])], now: Date) async throws -> Int {
        try await pool.write { db in
            var recorded = 0
            for (eventID, messages) in batch {
                guard try OutboxTable.markProcessed(eventID, at: now.timeIntervalSince1970, in: db) else { continue }
                recorded += try insert(messages, eventID: eventID, now: now, in: db)
            }
            return recorded
        }
    }

    func bury(_ entry: DeadLetterTable.Entry) async throws {
        try await pool.write { db in try DeadLetterTable.insert(entry, in: db) }
    }

    private func insert(_ messages: [Message], eventID: String, now: Date, in db: Database) throws -> Int {
        let recent = try db.cachedStatement(
            sql: """
                SELECT COUNT(*) FROM (
                    SELECT 1 FROM delivery WHERE recipient = ? AND channel = ? AND created_at > ?
                    AND status IN ('pending', 'sent', 'dead') LIMIT ?)
                """)
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO delivery
                (delivery_id, event_id, ticket_id, status, next_attempt_at, message, created_at, recipient, channel)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for message in messages {
            var held = false
            if throttle.limit > 0 && !Throttle.exempt.contains(message.channel) {
                let count = try Int.fetchOne(
                    recent,
                    arguments: [message.recipient, message.channel, now.timeIntervalSince1970 - throttle.window, throttle.limit]) ?? 0
                held = count >= throttle.limit
            }
            let notBefore = max(now, message.notBefore ?? now).timeIntervalSince1970
            try insert.execute(arguments: [
                message.deliveryID, eventID, message.ticketID, held ? "held" : "pending", notBefore,
                try Self.encoder.encode(message), now.timeIntervalSince1970, message.recipient, message.channel,
            ])
        }
        return messages.count
    }

    /// Turns each person's held messages into one digest once the first has waited
    /// `throttle.delay`: the digest is a pending delivery, the held rows point to it. One
    /// transaction, so a crash leaves either the held rows or the digest, never both or neither.
    func releaseDigests(now: Date, compose: @escaping @Sendable ([Message]) -> Message) async throws -> Int {
        let cutoff = now.timeIntervalSince1970 - throttle.delay
        return try await pool.write { db in
            let groups = try Row.fetchAll(
                db,
                sql: """
                    SELECT recipient, channel FROM delivery WHERE status = 'held'
                    GROUP BY recipient, channel HAVING MIN(created_at) <= ?
                    """, arguments: [cutoff])
            for group in groups {
                let recipient: String = group["recipient"]
                let channel: String = group["channel"]
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT delivery_id, message FROM delivery WHERE status = 'held' AND recipient = ? AND channel = ?
                        ORDER BY created_at, delivery_id
                        """, arguments: [recipient, channel])
                let messages = try rows.map { try Self.decoder.decode(Message.self, from: $0["message"] as Data) }
                let digest = compose(messages)
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO delivery
                        (delivery_id, event_id, ticket_id, status, next_attempt_at, message, created_at, recipient, channel)
                        VALUES (?, ?, NULL, 'pending', ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        digest.deliveryID, digest.deliveryID, now.timeIntervalSince1970, try Self.encoder.encode(digest),
                        now.timeIntervalSince1970, recipient, channel,
                    ])
                for row in rows {
                    try db.execute(
                        sql: "UPDATE delivery SET status = 'digested', digest_id = ? WHERE delivery_id = ?",
                        arguments: [digest.deliveryID, row["delivery_id"] as String])
                }
            }
            return groups.count
        }
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

    /// Commits the outcomes of one dispatch pass together.
    func record(_ outcomes: [Dispatcher.Outcome], now: Date, retryAt: @escaping @Sendable (Int, Date) -> Date) async throws {
        try await pool.write { db in
            let sent = try db.cachedStatement(
                sql: "UPDATE delivery SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL WHERE delivery_id = ?")
            let failed = try db.cachedStatement(
                sql: "UPDATE delivery SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE delivery_id = ?")
            let deferred = try db.cachedStatement(sql: "UPDATE delivery SET next_attempt_at = ? WHERE delivery_id = ?")
            for outcome in outcomes {
                switch outcome {
                case .sent(let message, let attempts):
                    try sent.execute(arguments: [attempts, now.timeIntervalSince1970, message.deliveryID])
                case .failed(let message, let attempts, let error, let dead):
                    try failed.execute(arguments: [
                        dead ? "dead" : "pending", attempts, String(error.prefix(1000)),
                        retryAt(attempts, now).timeIntervalSince1970, message.deliveryID,
                    ])
                case .deferred(let message, let until):
                    try deferred.execute(arguments: [until.timeIntervalSince1970, message.deliveryID])
                }
            }
        }
    }

    /// One delivery as an operator sees it (`supportctl notifications list`).
    public struct Entry: Sendable, Codable {
        public var deliveryId: String
        public var ticketId: String?
        public var status: String
        public var channel: String?
        public var recipient: String?
        public var template: String?
        public var attempts: Int
        public var lastError: String?
        public var createdAt: Date
    }

    /// Deliveries with `status`, newest first.
    public func list(status: String, limit: Int = 1000) async throws -> [Entry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT delivery_id, ticket_id, status, channel, recipient, message, attempts, last_error, created_at
                    FROM delivery WHERE status = ? ORDER BY created_at DESC LIMIT ?
                    """, arguments: [status, limit]
            ).map { row in
                let message = try? Self.decoder.decode(Message.self, from: row["message"] as Data)
                return Entry(
                    deliveryId: row["delivery_id"], ticketId: row["ticket_id"], status: row["status"],
                    channel: row["channel"] ?? message?.channel, recipient: row["recipient"] ?? message?.recipient,
                    template: message?.template, attempts: row["attempts"], lastError: row["last_error"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }

    /// Makes dead deliveries pending again with a fresh attempt count; returns the ids changed.
    /// A running notification service sends them within a second.
    public func replay(ids: [String]?, now: Date = Date()) async throws -> [String] {
        try await pool.write { db in
            let targets =
                try ids.map { ids in
                    try String.fetchAll(
                        db, sql: "SELECT delivery_id FROM delivery WHERE status = 'dead' AND delivery_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                        arguments: StatementArguments(ids))
                } ?? String.fetchAll(db, sql: "SELECT delivery_id FROM delivery WHERE status = 'dead'")
            for id in targets {
                try db.execute(
                    sql: "UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE delivery_id = ?",
                    arguments: [now.timeIntervalSince1970, id])
            }
            return targets
        }
    }
}
