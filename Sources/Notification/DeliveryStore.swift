import Foundation
import GRDB
public import Logging
import SupportBus
import SupportDomain
public import SupportStore

/// Notification's store: the deliveries it owes and the events it has processed.
///
/// Accepting an event writes its messages as pending deliveries in the same transaction that
/// marks the event processed; only then is the hand-off acknowledged. Delivery happens from this
/// table, so a crash at any point leaves either nothing done or a pending row to finish.
///
/// On PostgreSQL several notification instances share the table: each read of due deliveries claims
/// them (`FOR UPDATE SKIP LOCKED`) and leases them for ``leaseSeconds`` by moving
/// their next attempt, so no two instances send one delivery, and a delivery whose instance
/// died goes out from another once the lease ends.
public final class DeliveryStore: Sendable {
    let storage: Store
    /// How long a claimed delivery is left to the instance that claimed it (PostgreSQL).
    public static let leaseSeconds: TimeInterval = 60

    /// A store on a SQLite file (the default, one instance).
    public convenience init(path: String, throttle: Throttle = Throttle()) throws {
        try self.init(location: .sqlite(path: path), throttle: throttle, logger: Logger(label: "support.notification.store"))
    }

    public init(location: StoreLocation, throttle: Throttle = Throttle(), logger: Logger) throws {
        self.throttle = throttle
        let schema = StoreSchema.service("notification", postgres: Self.postgresMigrations) { migrator in
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
        }
        storage = try Store(location, schema: schema, logger: logger)
    }

    /// The same tables on PostgreSQL, at their current shape.
    static let postgresMigrations = [
        StoreMigration(
            "notification-v1-deliveries",
            [
                """
                CREATE TABLE delivery (
                    delivery_id TEXT PRIMARY KEY NOT NULL, event_id TEXT NOT NULL, ticket_id TEXT, status TEXT NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at DOUBLE PRECISION NOT NULL, message BYTEA NOT NULL,
                    last_error TEXT, created_at DOUBLE PRECISION NOT NULL, sent_at DOUBLE PRECISION,
                    recipient TEXT, channel TEXT, digest_id TEXT)
                """,
                "CREATE INDEX delivery_pending ON delivery (status, next_attempt_at)",
                "CREATE INDEX delivery_held ON delivery (status, created_at) WHERE status = 'held'",
                "CREATE INDEX delivery_recipient_recent ON delivery (recipient, channel, created_at, status)",
            ])
    ]

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

    /// A message's row is JSON with dates as `JSONEncoder` writes them by default (seconds since
    /// 2001), so rows written before these coders read back the same. The project's coders, not
    /// Foundation's: the dispatcher decodes each delivery it sends (BENCHMARKS.md,
    /// notification).
    private static let encoder = StreamingJSONEncoder(dates: .secondsSinceReferenceDate)
    private static let decoder = JSONByteDecoder(dates: .secondsSinceReferenceDate)

    /// Records the messages each event causes, once per event, in one transaction; returns
    /// how many messages were newly recorded.
    public func accept(_ batch: [(eventID: String, messages: [Message])], now: Date) async throws -> Int {
        try await storage.write { db in
            var recorded = 0
            var fresh = try OutboxTable.markProcessed(batch.map(\.eventID), at: now.timeIntervalSince1970, in: db)
            for (eventID, messages) in batch where fresh.remove(eventID) != nil {
                recorded += try self.insert(messages, eventID: eventID, now: now, in: db)
            }
            return recorded
        }
    }

    func bury(_ entry: DeadLetterTable.Entry) async throws {
        try await storage.write { db in try DeadLetterTable.insert(entry, in: db) }
    }

    private func insert(_ messages: [Message], eventID: String, now: Date, in db: any StoreConnection) throws -> Int {
        for message in messages {
            var held = false
            if throttle.limit > 0 && !Throttle.exempt.contains(message.channel) {
                let count = try db.row(
                    """
                    SELECT COUNT(*) FROM (
                        SELECT 1 FROM delivery WHERE recipient = ? AND channel = ? AND created_at > ?
                        AND status IN ('pending', 'sent', 'dead') LIMIT ?) AS recent
                    """,
                    [
                        .text(message.recipient), .text(message.channel), .real(now.timeIntervalSince1970 - throttle.window),
                        StoreValue(throttle.limit),
                    ])?.int(0) ?? 0
                held = count >= throttle.limit
            }
            let notBefore = max(now, message.notBefore ?? now).timeIntervalSince1970
            try db.execute(
                """
                INSERT INTO delivery
                (delivery_id, event_id, ticket_id, status, next_attempt_at, message, created_at, recipient, channel)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
                [
                    .text(message.deliveryID), .text(eventID), .optional(message.ticketID), .text(held ? "held" : "pending"),
                    .real(notBefore), .blob(try Self.encoder.encode(message)), .real(now.timeIntervalSince1970),
                    .text(message.recipient), .text(message.channel),
                ])
        }
        return messages.count
    }

    /// Turns each person's held messages into one digest once the first has waited
    /// `throttle.delay`: the digest is a pending delivery, the held rows point to it. One
    /// transaction, so a crash leaves either the held rows or the digest, never both or neither.
    func releaseDigests(now: Date, compose: @escaping @Sendable ([Message]) -> Message) async throws -> Int {
        let cutoff = now.timeIntervalSince1970 - throttle.delay
        return try await storage.write { db in
            // Instances sharing a PostgreSQL store take turns, so a digest is composed once.
            if db.engine == .postgres { try db.execute("SELECT pg_advisory_xact_lock(hashtext('notification.digests'))") }
            let groups = try db.rows(
                """
                SELECT recipient, channel FROM delivery WHERE status = 'held'
                GROUP BY recipient, channel HAVING MIN(created_at) <= ?
                """, [.real(cutoff)])
            for group in groups {
                let (recipient, channel) = (try group.string(0), try group.string(1))
                let rows = try db.rows(
                    """
                    SELECT delivery_id, message FROM delivery WHERE status = 'held' AND recipient = ? AND channel = ?
                    ORDER BY created_at, delivery_id
                    """, [.text(recipient), .text(channel)])
                let messages = try rows.map { try Self.decoder.decode(Message.self, from: try $0.bytes(1)) }
                let digest = compose(messages)
                try db.execute(
                    """
                    INSERT INTO delivery
                    (delivery_id, event_id, ticket_id, status, next_attempt_at, message, created_at, recipient, channel)
                    VALUES (?, ?, NULL, 'pending', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """,
                    [
                        .text(digest.deliveryID), .text(digest.deliveryID), .real(now.timeIntervalSince1970),
                        .blob(try Self.encoder.encode(digest)), .real(now.timeIntervalSince1970), .text(recipient),
                        .text(channel),
                    ])
                for row in rows {
                    try db.execute(
                        "UPDATE delivery SET status = 'digested', digest_id = ? WHERE delivery_id = ?",
                        [.text(digest.deliveryID), .text(try row.string(0))])
                }
            }
            return groups.count
        }
    }

    /// Pending deliveries due at `now`, oldest first, leaving out the ids in `excluding` (sent
    /// by this process, outcome not yet committed). On PostgreSQL they are claimed: locked past
    /// other instances' reads (`SKIP LOCKED`) and leased by moving their next attempt
    /// ``leaseSeconds`` ahead, so only this instance sends them unless it dies.
    func due(now: Date, limit: Int = 256, excluding: Set<String> = []) async throws -> [(Message, attempts: Int)] {
        let rows: [StoreRow]
        switch storage.engine {
        case .sqlite:
            // The excluded rows are still pending here: read past them, and decode only the rest.
            rows = try await storage.read { db in
                try db.rows(
                    """
                    SELECT message, attempts, delivery_id FROM delivery WHERE status = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ?
                    """, [.real(now.timeIntervalSince1970), StoreValue(limit + excluding.count)])
            }
        case .postgres:
            // Claimed rows are leased ahead, so the excluded ones are not due here.
            rows = try await storage.write { db in
                // `RETURNING` gives rows in no set order: each keeps the due time it was claimed
                // at, and the outer query sorts by it.
                try db.rows(
                    """
                    WITH claimed AS (
                        UPDATE delivery AS d SET next_attempt_at = ? FROM (
                            SELECT delivery_id, next_attempt_at AS due FROM delivery
                            WHERE status = 'pending' AND next_attempt_at <= ?
                            ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) AS c
                        WHERE d.delivery_id = c.delivery_id
                        RETURNING d.message, d.attempts, d.delivery_id, c.due)
                    SELECT message, attempts, delivery_id FROM claimed ORDER BY due
                    """, [.real(now.timeIntervalSince1970 + Self.leaseSeconds), .real(now.timeIntervalSince1970), StoreValue(limit)])
            }
        }
        var due: [(Message, attempts: Int)] = []
        for row in rows where due.count < limit {
            guard !excluding.contains(try row.string(2)) else { continue }
            due.append((try Self.decoder.decode(Message.self, from: try row.bytes(0)), try row.int(1)))
        }
        return due
    }

    /// Commits a group of outcomes together.
    func record(_ outcomes: [Dispatcher.Outcome], now: Date, retryAt: @escaping @Sendable (Int, Date) -> Date) async throws {
        try await storage.write { db in
            for outcome in outcomes {
                switch outcome {
                case .sent(let message, let attempts):
                    try db.execute(
                        "UPDATE delivery SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL WHERE delivery_id = ?",
                        [StoreValue(attempts), .real(now.timeIntervalSince1970), .text(message.deliveryID)])
                case .failed(let message, let attempts, let error, let dead):
                    try db.execute(
                        "UPDATE delivery SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE delivery_id = ?",
                        [
                            .text(dead ? "dead" : "pending"), StoreValue(attempts), .text(String(error.prefix(1000))),
                            .real(retryAt(attempts, now).timeIntervalSince1970), .text(message.deliveryID),
                        ])
                case .deferred(let message, let until):
                    try db.execute(
                        "UPDATE delivery SET next_attempt_at = ? WHERE delivery_id = ?",
                        [.real(until.timeIntervalSince1970), .text(message.deliveryID)])
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
        try await storage.read { db in
            try db.rows(
                """
                SELECT delivery_id, ticket_id, status, channel, recipient, message, attempts, last_error, created_at
                FROM delivery WHERE status = ? ORDER BY created_at DESC LIMIT ?
                """, [.text(status), StoreValue(limit)]
            ).map { row in
                let message = try? Self.decoder.decode(Message.self, from: try row.bytes(5))
                return Entry(
                    deliveryId: try row.string(0), ticketId: try row.optionalString(1), status: try row.string(2),
                    channel: try row.optionalString(3) ?? message?.channel, recipient: try row.optionalString(4) ?? message?.recipient,
                    template: message?.template, attempts: try row.int(6), lastError: try row.optionalString(7),
                    createdAt: Date(timeIntervalSince1970: try row.double(8)))
            }
        }
    }

    /// Makes dead deliveries pending again with a fresh attempt count; returns the ids changed.
    /// A running notification service sends them within a second.
    public func replay(ids: [String]?, now: Date = Date()) async throws -> [String] {
        try await storage.write { db in
            let dead = try db.rows("SELECT delivery_id FROM delivery WHERE status = 'dead'", []).map { try $0.string(0) }
            let targets = ids.map { wanted in dead.filter(Set(wanted).contains) } ?? dead
            for id in targets {
                try db.execute(
                    "UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE delivery_id = ?",
                    [.real(now.timeIntervalSince1970), .text(id)])
            }
            return targets
        }
    }
}
