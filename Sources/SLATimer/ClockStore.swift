import Foundation
import GRDB
import SupportBus
import SupportDomain

/// The sla service's store: each ticket's clocks, early updates, and the bus tables.
///
/// A ticket's clocks are one row with the time the timer loop must look at it next, indexed, so
/// the loop reads only what is due however many clocks are open. Every change and the events it
/// causes commit together, so a restart neither misses nor repeats a warning or breach.
final class ClockStore: Sendable {
    let pool: DatabasePool
    /// The clocks are private to this store, so they use numeric times, which encode and
    /// decode several times faster than ISO 8601 text.
    private static let encoder = StreamingJSONEncoder(dates: .secondsSince1970)
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    init(path: String) throws {
        var migrator = DatabaseMigrator()
        OutboxTable.register(in: &migrator)
        DeadLetterTable.register(in: &migrator)
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
                let clocks = try Self.decoder.decode(TicketClocks.self, from: row["body"] as Data)
                try db.execute(
                    sql: "UPDATE ticket_clocks SET running = ?, paused = ?, breached = ?, due1 = ?, due2 = ?, due3 = ? WHERE ticket_id = ?",
                    arguments: StatementArguments(Self.summary(clocks)) + [row["ticket_id"] as String])
            }
        }
        pool = try DurableStore.open(path: path, migrator: migrator)
    }

    /// The monitoring columns of a row: running, paused and breached clock counts, and the due
    /// times of the running clocks not yet breached.
    static func summary(_ clocks: TicketClocks) -> [(any DatabaseValueConvertible)?] {
        let dues = clocks.clocks.filter { $0.state == .running && !$0.breached }.compactMap { $0.dueAt?.timeIntervalSince1970 }
        return [
            clocks.clocks.count { $0.state == .running }, clocks.clocks.count { $0.state == .paused },
            clocks.clocks.count { $0.breached }, dues.count > 0 ? dues[0] : nil, dues.count > 1 ? dues[1] : nil,
            dues.count > 2 ? dues[2] : nil,
        ]
    }

    /// Clocks by state across every ticket, and how many running clocks fall due before `horizon`.
    func census(horizon: Date, in db: Database) throws -> (running: Int, paused: Int, breached: Int, atRisk: Int) {
        let h = horizon.timeIntervalSince1970
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COALESCE(SUM(running), 0), COALESCE(SUM(paused), 0), COALESCE(SUM(breached), 0),
                       COUNT(CASE WHEN due1 <= ? THEN 1 END) + COUNT(CASE WHEN due2 <= ? THEN 1 END) + COUNT(CASE WHEN due3 <= ? THEN 1 END)
                FROM ticket_clocks
                """, arguments: [h, h, h])
        return (row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0, row?[3] ?? 0)
    }

    func meta(_ key: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    func setMeta(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }

    /// Ids of every ticket with clocks, in pages (callers skip the stopped ones).
    func open(after ticketID: String, limit: Int, in db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT ticket_id FROM ticket_clocks WHERE ticket_id > ? ORDER BY ticket_id LIMIT ?",
            arguments: [ticketID, limit])
    }

    func load(_ ticketID: String, in db: Database) throws -> TicketClocks? {
        let statement = try db.cachedStatement(sql: "SELECT body FROM ticket_clocks WHERE ticket_id = ?")
        guard let data = try Data.fetchOne(statement, arguments: [ticketID]) else { return nil }
        return try Self.decoder.decode(TicketClocks.self, from: data)
    }

    func save(_ clocks: TicketClocks, policy: SLAPolicy, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO ticket_clocks (ticket_id, body, next_fire_at, running, paused, breached, due1, due2, due3)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: StatementArguments(
                [clocks.ticket.id, Data(try Self.encoder.encode(clocks)), clocks.nextFire(policy: policy)?.timeIntervalSince1970]
                    as [(any DatabaseValueConvertible)?] + Self.summary(clocks)))
    }

    /// Ids of tickets with something due at or before `now`.
    func due(now: Date, limit: Int, in db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT ticket_id FROM ticket_clocks WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?",
            arguments: [now.timeIntervalSince1970, limit])
    }

    /// Keeps an update that arrived before its ticket's classification.
    func holdEarly(_ envelope: Envelope, bytes: [UInt8], ticketID: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO early_update (event_id, ticket_id, occurred_at, envelope) VALUES (?, ?, ?, ?)",
            arguments: [envelope.id, ticketID, envelope.occurredAt.timeIntervalSince1970, Data(bytes)])
    }

    /// Takes the held updates of a ticket, oldest first.
    func takeEarly(_ ticketID: String, in db: Database) throws -> [Envelope] {
        let rows = try Data.fetchAll(
            db, sql: "SELECT envelope FROM early_update WHERE ticket_id = ? ORDER BY occurred_at", arguments: [ticketID])
        try db.execute(sql: "DELETE FROM early_update WHERE ticket_id = ?", arguments: [ticketID])
        return try rows.map { try EnvelopeCodec.decode(Array($0)) }
    }

    func count(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_clocks") ?? 0
    }
}
