import Foundation
import GRDB
import Logging
import SupportBus
import SupportDomain
import SupportStore

/// The sla service's store: each ticket's clocks, early updates, and the bus tables.
///
/// A ticket's clocks are one row with the time the timer loop must look at it next, so the loop
/// reads only what is due however many clocks are open: on PostgreSQL through an index, on
/// SQLite from memory (``DueTimes``). Every change and the events it
/// causes commit together, so a restart neither misses nor repeats a warning or breach.
///
/// On SQLite a transaction appends its changed clocks to the journal (``ClockJournal``) and the
/// rows follow at the next fold: when `foldTickets` tickets are waiting, `foldSeconds` after the
/// first, before each census, and when the store opens. Until then the cache holds the newer
/// clocks and every lookup here prefers them. On PostgreSQL, shared by instances that each keep
/// no cache, every transaction rewrites its tickets' rows.
final class ClockStore: Sendable {
    let storage: Store
    let policy: SLAPolicy
    /// On SQLite, where this process is the one writer: the committed clocks, so updates skip
    /// the row read and its decoding, and the journal's clocks the rows do not have yet.
    private let cache: ClockCache?
    /// The hand-offs owed, one row per transaction, and which row holds each one in flight.
    let outbox = BatchOutbox()
    /// Fold once this many tickets wait in the journal: enough that a fold writes most table
    /// pages once for several updates each (BENCHMARKS.md), few enough to keep the cache small.
    static let foldTickets = 50_000
    /// Fold at the latest this long after the first change waiting, so the rows (what other
    /// processes and the census read) stay close behind.
    static let foldSeconds = 5.0

    init(location: StoreLocation, policy: SLAPolicy, logger: Logger) throws {
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
                    let clocks = try TicketClocks(body: row["body"] as Data)
                    try db.execute(
                        "UPDATE ticket_clocks SET running = ?, paused = ?, breached = ?, due1 = ?, due2 = ?, due3 = ? WHERE ticket_id = ?",
                        Self.summary(clocks) + [.text(row["ticket_id"])])
                }
            }
            migrator.registerMigration("sla-v4-clock-journal") { db in try db.execute(sql: ClockJournal.create) }
            migrator.registerMigration("sla-v5-due-times-in-memory") { db in
                // The one writer keeps every ticket's next fire time in memory (``DueTimes``).
                try db.execute(sql: "DROP INDEX IF EXISTS ticket_clocks_due")
            }
        }
        storage = try Store(location, schema: schema, logger: logger)
        self.policy = policy
        cache = storage.engine == .sqlite ? ClockCache { db in try Self.replay(db, policy: policy) } : nil
        // What the last run left in the journal goes to the rows before anything reads them.
        try storage.sqlitePool?.write { db in try fold(db) }
    }

    /// The journal's clocks, the latest of each ticket, with their row values; and the next
    /// fire time of every row that has one.
    private static func replay(_ db: Database, policy: SLAPolicy) throws -> (unfolded: [String: ClockCache.Entry], rowsDue: [String: Double]) {
        var entries: [String: ClockCache.Entry] = [:]
        for clocks in try ClockJournal.clocks(in: db) {
            entries[clocks.ticket.id] = ClockCache.Entry(clocks: clocks, row: row(clocks, policy: policy))
        }
        var due: [String: Double] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT ticket_id, next_fire_at FROM ticket_clocks WHERE next_fire_at IS NOT NULL")
        while let row = try rows.next() { due[row[0]] = row[1] }
        return (entries, due)
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

    /// Ids of every ticket with clocks, in pages (callers skip the stopped ones), in a write
    /// transaction: those only in the journal too.
    func open(after ticketID: String, limit: Int, in db: any StoreConnection) throws -> [String] {
        let rows = try db.rows(
            "SELECT ticket_id FROM ticket_clocks WHERE ticket_id > ? ORDER BY ticket_id LIMIT ?", [.text(ticketID), StoreValue(limit)]
        ).map { try $0.string(0) }
        guard let (cache, sqlite) = cache(for: db) else { return rows }
        return Array(Set(rows + (try cache.unfoldedIDs(after: ticketID, in: sqlite)).prefix(limit)).sorted().prefix(limit))
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
        // A reader: the committed clocks, which for a ticket in the journal are not the row's.
        if cached == nil, let clocks = cache?.unfolded(ticketID) { return clocks }
        guard let row = try db.row("SELECT body FROM ticket_clocks WHERE ticket_id = ?", [.text(ticketID)]) else { return nil }
        let clocks = try TicketClocks(body: try row.bytes(0))
        cached?.0.remember(clocks)
        return clocks
    }

    /// The committed clocks of `ticketIDs`, outside any write transaction, if each is in the
    /// cache or has no clocks at all (nil for those; one read of the rows' ids finds them); nil
    /// if any has clocks only in its row. What ``ClockPipeline`` prepares a batch from: reading
    /// and decoding rows on a second connection cost more than it saved (with a million open
    /// tickets, BENCHMARKS.md), so a batch that needs them is left to its transaction.
    ///
    /// `new`: the tickets expected to have no clocks yet (being classified); any other ticket
    /// not in the cache gives nil at once, without a read.
    func cachedClocks(_ ticketIDs: some Collection<String>, new: Set<String>) async throws -> [String: TicketClocks?]? {
        var found: [String: TicketClocks?] = [:]
        var missing: [String] = []
        for id in ticketIDs {
            if let clocks = cache?.committedClocks(id) {
                found.updateValue(clocks, forKey: id)
            } else {
                guard new.contains(id) else { return nil }
                missing.append(id)
            }
        }
        guard !missing.isEmpty else { return found }
        let stored = try await storage.read { [missing] db in
            try OutboxTable.chunks(missing.count).contains { chunk in
                try db.row(
                    "SELECT 1 FROM ticket_clocks WHERE ticket_id IN (\(OutboxTable.placeholders(chunk.count))) LIMIT 1",
                    missing[chunk].map(StoreValue.text)) != nil
            }
        }
        guard !stored else { return nil }
        for id in missing { found.updateValue(nil, forKey: id) }
        return found
    }

    /// Whether any of `ticketIDs` has an update held for it (``holdEarly(_:bytes:ticketID:in:)``).
    func hasEarly(_ ticketIDs: [String], in db: any StoreConnection) throws -> Bool {
        try OutboxTable.chunks(ticketIDs.count).contains { chunk in
            try db.row(
                "SELECT 1 FROM early_update WHERE ticket_id IN (\(OutboxTable.placeholders(chunk.count))) LIMIT 1",
                ticketIDs[chunk].map(StoreValue.text)) != nil
        }
    }

    /// A transaction's changes made ready for its statements: each changed ticket's row values
    /// (body, next fire time, monitoring columns) and each event's envelope bytes.
    struct PreparedChanges: Sendable {
        let clocks: [TicketClocks]
        let rows: [[StoreValue]]
        let events: [Envelope]
        let bytes: [[UInt8]]
    }

    /// Encodes the rows and envelopes of `changes` on every core (`parallelMap`), so the
    /// writer's thread only runs statements. Pure: it may run inside the transaction or before it.
    func prepare(_ changes: ClockChanges) throws -> PreparedChanges {
        let changed = changes.changed
        let rows = changed.parallelMap { [policy] clocks in Self.row(clocks, policy: policy) }
        return PreparedChanges(clocks: changed, rows: rows, events: changes.events, bytes: try EnvelopeCodec.encode(changes.events))
    }

    /// Each event made, its bytes, and the hand-offs it owes: what to publish and send once
    /// the transaction that made them committed.
    typealias Produced = [(Envelope, [UInt8], [OutboxItem])]

    /// Writes a transaction's changes: the touched tickets' clocks (on SQLite one journal row,
    /// elsewhere each ticket's row), then the events' hand-offs as one outbox row; returns what
    /// to publish and hand off once committed.
    func write(_ changes: ClockChanges, in db: any StoreConnection) throws -> Produced {
        try write(try prepare(changes), in: db)
    }

    /// The statements of ``write(_:in:)`` on changes prepared before.
    func write(_ prepared: PreparedChanges, in db: any StoreConnection) throws -> Produced {
        if prepared.rows.isEmpty {
            // Nothing changed (a batch of repeats, a timer pass with nothing due): no journal row.
        } else if let (cache, sqlite) = cache(for: db) {
            try ClockJournal.append(prepared.rows.map { if case .blob(let body) = $0[1] { body } else { [] } }, in: db)
            for (clocks, row) in zip(prepared.clocks, prepared.rows) { try cache.stage(ClockCache.Entry(clocks: clocks, row: row), in: sqlite) }
        } else {
            for row in prepared.rows { try db.execute(Self.upsert, row) }
        }
        let events = Array(zip(prepared.events, prepared.bytes))
        let items = try outbox.insert(events.map { ($0, $1) }, at: Date().timeIntervalSince1970, in: db)
        return zip(events, items).map { event, items in (event.0, event.1, items) }
    }

    /// Runs `body` in a write transaction and, once it committed, tracks the outbox items it
    /// made (``BatchOutbox/track(_:)``): every transaction that writes clock changes runs here.
    func commit(_ body: @escaping @Sendable (any StoreConnection) throws -> Produced) async throws -> Produced {
        try await commit { db in (try body(db), ()) }.0
    }

    /// The same for a transaction that also returns something of its own (`Extra`).
    func commit<Extra: Sendable>(
        _ body: @escaping @Sendable (any StoreConnection) throws -> (Produced, Extra)
    ) async throws -> (Produced, Extra) {
        let result = try await storage.write(body)
        outbox.track(result.0.lazy.flatMap(\.2))
        return result
    }

    /// Deletes what acknowledged hand-offs leave owing nothing, without a sync: a delete lost
    /// to a crash only means the items are sent again, and receivers drop repeats.
    func forget(_ keys: [OutboxKey]) async throws {
        try await storage.writeUnsynced { [outbox] db in try outbox.forget(keys, in: db) }
    }

    private static let upsert = """
        INSERT INTO ticket_clocks (ticket_id, body, next_fire_at, running, paused, breached, due1, due2, due3)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (ticket_id) DO UPDATE SET body = excluded.body, next_fire_at = excluded.next_fire_at,
            running = excluded.running, paused = excluded.paused, breached = excluded.breached,
            due1 = excluded.due1, due2 = excluded.due2, due3 = excluded.due3
        """

    /// Rows a fold writes per transaction: the batches waiting for the writer get it between
    /// two, so a fold adds a few milliseconds to an update's latency, not the whole fold.
    static let foldChunk = 500

    /// Writes the journal's clocks to their rows, in ticket order so neighbours share a page
    /// write, `foldChunk` rows a transaction; then deletes the journal rows that are written
    /// out. Stopped by a crash or another writer, it leaves the journal whole, and the next fold
    /// writes the same rows again. Nothing to do on PostgreSQL.
    func fold() async throws {
        guard let cache else { return }
        let (entries, lastSeq) = try await storage.write { db in
            (try cache.foldable(in: Self.sqlite(db)), try ClockJournal.last(in: db))
        }
        guard let lastSeq else { return }
        for start in stride(from: 0, to: entries.count, by: Self.foldChunk) {
            let chunk = entries[start..<min(start + Self.foldChunk, entries.count)]
            // Unsynced: until the last step deletes them, the journal rows hold these clocks.
            let current = try await storage.writeUnsynced { db in
                guard try cache.stillCurrent(in: Self.sqlite(db)) else { return false }
                for entry in chunk { try db.execute(Self.upsert, entry.row) }
                return true
            }
            guard current else { return }
        }
        try await storage.write { db in
            if try cache.finishFold(entries, in: Self.sqlite(db)) { try ClockJournal.delete(through: lastSeq, in: db) }
        }
    }

    /// The same in one transaction: what opening the store does.
    private func fold(_ db: Database) throws {
        guard let cache else { return }
        let entries = try cache.foldable(in: db)
        for entry in entries { try db.execute(Self.upsert, entry.row) }
        if try cache.finishFold(entries, in: db) { try ClockJournal.delete(through: nil, in: db) }
    }

    private static func sqlite(_ db: any StoreConnection) throws -> Database {
        guard let sqlite = db as? Database else { throw StoreError.engine("the clock journal is SQLite's") }
        return sqlite
    }

    /// Folds if `foldTickets` tickets wait or the first has waited `foldSeconds`; true if it did.
    @discardableResult
    func foldIfDue(now: Date = Date()) async throws -> Bool {
        guard let backlog = cache?.backlog,
            backlog.tickets >= Self.foldTickets || backlog.since.map({ now.timeIntervalSince1970 - $0 >= Self.foldSeconds }) == true
        else { return false }
        try await fold()
        return true
    }

    /// The census as of now: folds first, so the rows it sums are current.
    func census(horizon: Date) async throws -> (running: Int, paused: Int, breached: Int, atRisk: Int) {
        try await fold()
        return try await storage.read { [self] db in try census(horizon: horizon, in: db) }
    }

    /// A ticket's `ticket_clocks` values: id, body, next fire time, then the monitoring columns.
    private static func row(_ clocks: TicketClocks, policy: SLAPolicy) -> [StoreValue] {
        [.text(clocks.ticket.id), .blob(clocks.body()), .optional(clocks.nextFire(policy: policy)?.timeIntervalSince1970)]
            + summary(clocks)
    }

    /// Whether the next fire times are in memory (``DueTimes``, SQLite): then ``due(now:limit:in:)``
    /// needs the writer's transaction, and costs no statement.
    var dueTimesInMemory: Bool { cache != nil }

    /// Ids of tickets with something due at or before `now`, earliest first. On SQLite from
    /// memory, in the writer's transaction only (a reader could not tell whether another
    /// process changed the rows since); on PostgreSQL from the rows' indexed next fire times.
    func due(now: Date, limit: Int, in db: any StoreConnection) throws -> [String] {
        if dueTimesInMemory {
            guard let (cache, sqlite) = cache(for: db) else { throw StoreError.engine("the due times are the writer's") }
            return try cache.due(now: now.timeIntervalSince1970, limit: limit, in: sqlite)
        }
        return try db.rows(
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
}
