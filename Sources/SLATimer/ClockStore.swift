import Foundation
import GRDB
import Logging
import SupportBus
import SupportDomain
import SupportStore

/// The sla service's store: each ticket's clocks, early updates, and the bus tables.
///
/// A ticket's clocks are one row with the time the timer loop must look at it next, indexed, so
/// the loop reads only what is due however many clocks are open. Every change and the events it
/// causes commit together, so a restart neither misses nor repeats a warning or breach.
final class ClockStore: Sendable {
    let storage: Store
    /// On SQLite, where this process is the one writer: the committed clocks, so updates skip
    /// the row read and its decoding.
    private let cache: ClockCache?
    /// The clocks are private to this store, so they use numeric times, which encode and
    /// decode several times faster than ISO 8601 text.
    private static let encoder = StreamingJSONEncoder(dates: .secondsSince1970)
    private static let decoder = JSONByteDecoder(dates: .secondsSince1970)

    init(location: StoreLocation, logger: Logger) throws {
        let schema = StoreSchema.service("sla", postgres: Self.postgresMigrations) { migrator in
            migrator.registerMigration("sla-v1-clocks") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE ticket_clocks (
                            ticket_id TEXT PRIMARY KEY NOT NULL,
                            body BLOB NOT NULL,
                            next_fire_at REAL
                        ) WITHOUT ROWID;
                        CREATE INDEX ticket_clocks_due ON ticket_clocks (next_fire_at) WHERE next_fire_at IS NOT NULL;
                        CREATE TABLE early_update (
                            event_id TEXT PRIMARY KEY NOT NULL,
                            ticket_id TEXT NOT NULL,
                            occurred_at REAL NOT NULL,
                            envelope BLOB NOT NULL
                        ) WITHOUT ROWID;
                        CREATE INDEX early_update_ticket ON early_update (ticket_id, occurred_at);
                        """)
            }
            migrator.registerMigration("sla-v2-meta") { db in
                try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID")
            }
            migrator.registerMigration("sla-v3-clock-summary") { db in
                // What monitoring counts without decoding bodies: clocks per state, and each running,
                // unbreached clock's due time (for "at risk within the hour").
                try db.execute(
                    sql: """
                        ALTER TABLE ticket_clocks ADD COLUMN running INTEGER NOT NULL DEFAULT 0;
                        ALTER TABLE ticket_clocks ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
                        ALTER TABLE ticket_clocks ADD COLUMN breached INTEGER NOT NULL DEFAULT 0;
                        ALTER TABLE ticket_clocks ADD COLUMN due1 REAL;
                        ALTER TABLE ticket_clocks ADD COLUMN due2 REAL;
                        ALTER TABLE ticket_clocks ADD COLUMN due3 REAL;
                        """)
                let rows = try Row.fetchAll(db, sql: "SELECT ticket_id, body FROM ticket_clocks")
                for row in rows {
                    let clocks = try Self.decoder.decode(TicketClocks.self, from: Array(row["body"] as Data))
                    try db.execute(
                        "UPDATE ticket_clocks SET running = ?, paused = ?, breached = ?, due1 = ?, due2 = ?, due3 = ? WHERE ticket_id = ?",
                        Self.summary(clocks) + [.text(row["ticket_id"])])
                }
            }
        }
        storage = try Store(location, schema: schema, logger: logger)
        cache = storage.engine == .sqlite ? ClockCache() : nil
    }

    /// The same tables on PostgreSQL, at their current shape.
    static let postgresMigrations = [
        StoreMigration(
            "sla-v1-clocks",
            [
                """
                CREATE TABLE ticket_clocks (
                    ticket_id TEXT PRIMARY KEY NOT NULL, body BYTEA NOT NULL, next_fire_at DOUBLE PRECISION,
                    running INTEGER NOT NULL DEFAULT 0, paused INTEGER NOT NULL DEFAULT 0, breached INTEGER NOT NULL DEFAULT 0,
                    due1 DOUBLE PRECISION, due2 DOUBLE PRECISION, due3 DOUBLE PRECISION)
                """,
                "CREATE INDEX ticket_clocks_due ON ticket_clocks (next_fire_at) WHERE next_fire_at IS NOT NULL",
                """
                CREATE TABLE early_update (
                    event_id TEXT PRIMARY KEY NOT NULL, ticket_id TEXT NOT NULL,
                    occurred_at DOUBLE PRECISION NOT NULL, envelope BYTEA NOT NULL)
                """,
                "CREATE INDEX early_update_ticket ON early_update (ticket_id, occurred_at)",
                "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
            ])
    ]

    /// The monitoring columns of a row: running, paused and breached clock counts, and the due
    /// times of the running clocks not yet breached.
    static func summary(_ clocks: TicketClocks) -> [StoreValue] {
        let dues = clocks.clocks.filter { $0.state == .running && !$0.breached }.compactMap { $0.dueAt?.timeIntervalSince1970 }
        return [
            StoreValue(clocks.clocks.count { $0.state == .running }), StoreValue(clocks.clocks.count { $0.state == .paused }),
            StoreValue(clocks.clocks.count { $0.breached }),
        ] + (0..<3).map { dues.count > $0 ? .real(dues[$0]) : .null }
    }

    /// Clocks by state across every ticket, and how many running clocks fall due before `horizon`.
    func census(horizon: Date, in db: any StoreConnection) throws -> (running: Int, paused: Int, breached: Int, atRisk: Int) {
        let h = StoreValue(horizon.timeIntervalSince1970)
        guard
            let row = try db.row(
                """
                SELECT COALESCE(SUM(running), 0), COALESCE(SUM(paused), 0), COALESCE(SUM(breached), 0),
                       COUNT(CASE WHEN due1 <= ? THEN 1 END) + COUNT(CASE WHEN due2 <= ? THEN 1 END) + COUNT(CASE WHEN due3 <= ? THEN 1 END)
                FROM ticket_clocks
                """, [h, h, h])
        else { return (0, 0, 0, 0) }
        return (try row.int(0), try row.int(1), try row.int(2), try row.int(3))
    }

    /// Holds `ticketIDs` for the rest of the transaction, so instances sharing a PostgreSQL store
    /// never interleave changes to one ticket (an update racing its classification, a timer pass
    /// racing an update). Taken in one order, so two batches cannot deadlock. SQLite needs
    /// nothing: it has one writer.
    func lock(_ ticketIDs: some Sequence<String>, in db: any StoreConnection) throws {
        let ids = Set(ticketIDs)
        guard db.engine == .postgres, !ids.isEmpty else { return }
        // One round trip for the whole batch; the keys are locked in ascending order (the sort
        // runs before the outer query calls the lock function on each row).
        let values = Array(repeating: "(?)", count: ids.count).joined(separator: ", ")
        try db.execute(
            """
            SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext(v) AS k FROM (VALUES \(values)) AS t(v) ORDER BY k) AS s
            """, ids.map(StoreValue.text))
    }

    /// Like `lock`, but skips tickets another instance holds (it is firing them now): what each
    /// timer pass takes, so instances split the due clocks instead of queueing behind each other.
    func tryLock(_ ticketID: String, in db: any StoreConnection) throws -> Bool {
        guard db.engine == .postgres else { return true }
        return try db.row("SELECT CAST(pg_try_advisory_xact_lock(hashtext(?)) AS INTEGER)", [.text(ticketID)])?.int(0) == 1
    }

    func meta(_ key: String, in db: any StoreConnection) throws -> String? {
        try db.row("SELECT value FROM meta WHERE key = ?", [.text(key)])?.string(0)
    }

    func setMeta(_ key: String, _ value: String, in db: any StoreConnection) throws {
        try db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }

    /// Ids of every ticket with clocks, in pages (callers skip the stopped ones).
    func open(after ticketID: String, limit: Int, in db: any StoreConnection) throws -> [String] {
        try db.rows(
            "SELECT ticket_id FROM ticket_clocks WHERE ticket_id > ? ORDER BY ticket_id LIMIT ?", [.text(ticketID), StoreValue(limit)]
        ).map { try $0.string(0) }
    }

    /// The cache and the writer's connection, when `db` is that connection. A reader sees the
    /// file from its own snapshot, and its transactions must not join the writer's.
    private func cache(for db: any StoreConnection) -> (ClockCache, Database)? {
        guard let cache, let sqlite = db as? Database, !sqlite.configuration.readonly else { return nil }
        return (cache, sqlite)
    }

    func load(_ ticketID: String, in db: any StoreConnection) throws -> TicketClocks? {
        let cached = cache(for: db)
        if let (cache, sqlite) = cached, let clocks = try cache.clocks(ticketID, in: sqlite) { return clocks }
        guard let row = try db.row("SELECT body FROM ticket_clocks WHERE ticket_id = ?", [.text(ticketID)]) else { return nil }
        let clocks = try Self.decoder.decode(TicketClocks.self, from: try row.bytes(0))
        cached?.0.remember(clocks)
        return clocks
    }

    /// Writes a transaction's changes: each touched ticket's row, then each event with its
    /// outbox rows. Rows (body, next fire time, monitoring columns) and envelopes are made on
    /// every core first (`parallelMap`), so the writer's thread only runs statements; returns
    /// what to publish and hand off once committed.
    func write(_ changes: ClockChanges, policy: SLAPolicy, in db: any StoreConnection) throws -> [(Envelope, [UInt8], [OutboxItem])] {
        let changed = changes.changed
        let rows = try changed.parallelMap(throwing: { clocks in try Self.row(clocks, policy: policy) })
        for (clocks, row) in zip(changed, rows) {
            try db.execute(
                """
                INSERT INTO ticket_clocks (ticket_id, body, next_fire_at, running, paused, breached, due1, due2, due3)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (ticket_id) DO UPDATE SET body = excluded.body, next_fire_at = excluded.next_fire_at,
                    running = excluded.running, paused = excluded.paused, breached = excluded.breached,
                    due1 = excluded.due1, due2 = excluded.due2, due3 = excluded.due3
                """, row)
            if let (cache, sqlite) = cache(for: db) { try cache.stage(clocks, in: sqlite) }
        }
        let envelopes = changes.events
        return try zip(envelopes, try EnvelopeCodec.encode(envelopes)).map { envelope, bytes in
            (envelope, bytes, try OutboxTable.insert(envelope, bytes: bytes, in: db))
        }
    }

    /// A ticket's `ticket_clocks` values: id, body, next fire time, then the monitoring columns.
    private static func row(_ clocks: TicketClocks, policy: SLAPolicy) throws -> [StoreValue] {
        [.text(clocks.ticket.id), .blob(try encoder.encode(clocks)), .optional(clocks.nextFire(policy: policy)?.timeIntervalSince1970)]
            + summary(clocks)
    }

    /// Ids of tickets with something due at or before `now`.
    func due(now: Date, limit: Int, in db: any StoreConnection) throws -> [String] {
        try db.rows(
            "SELECT ticket_id FROM ticket_clocks WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?",
            [.real(now.timeIntervalSince1970), StoreValue(limit)]
        ).map { try $0.string(0) }
    }

    /// Keeps an update that arrived before its ticket's classification.
    func holdEarly(_ envelope: Envelope, bytes: [UInt8], ticketID: String, in db: any StoreConnection) throws {
        try db.execute(
            "INSERT INTO early_update (event_id, ticket_id, occurred_at, envelope) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [.text(envelope.id), .text(ticketID), .real(envelope.occurredAt.timeIntervalSince1970), .blob(bytes)])
    }

    /// Takes the held updates of a ticket, oldest first.
    func takeEarly(_ ticketID: String, in db: any StoreConnection) throws -> [Envelope] {
        let rows = try db.rows(
            "SELECT envelope FROM early_update WHERE ticket_id = ? ORDER BY occurred_at", [.text(ticketID)])
        guard !rows.isEmpty else { return [] }
        try db.execute("DELETE FROM early_update WHERE ticket_id = ?", [.text(ticketID)])
        return try rows.map { try EnvelopeCodec.decode(try $0.bytes(0)) }
    }

    func count(in db: any StoreConnection) throws -> Int {
        try db.row("SELECT COUNT(*) FROM ticket_clocks")?.int(0) ?? 0
    }
}
