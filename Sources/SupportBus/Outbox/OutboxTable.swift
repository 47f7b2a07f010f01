import Foundation
public import GRDB
import SupportDomain
public import SupportStore

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

    /// The same tables on PostgreSQL.
    public static let postgresMigrations = [
        StoreMigration(
            "bus-v1-outbox-inbox",
            [
                """
                CREATE TABLE outbox (
                    event_id TEXT NOT NULL, role TEXT NOT NULL, envelope BYTEA NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (event_id, role))
                """,
                "CREATE TABLE inbox (event_id TEXT PRIMARY KEY NOT NULL, processed_at DOUBLE PRECISION NOT NULL)",
            ])
    ]

    /// Writes one row per consumer role of the envelope's topic; returns the items to send
    /// after commit.
    public static func insert(_ envelope: Envelope, bytes: [UInt8], in db: any StoreConnection) throws -> [OutboxItem] {
        var items: [OutboxItem] = []
        for role in envelope.topic.consumers {
            try db.execute(
                "INSERT INTO outbox (event_id, role, envelope, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [.text(envelope.id), .text(role.rawValue), .blob(bytes), .real(envelope.occurredAt.timeIntervalSince1970)])
            items.append(OutboxItem(eventID: envelope.id, role: role, bytes: bytes))
        }
        return items
    }

    /// Deletes acknowledged rows, a statement per role and chunk (``chunks(_:)``): one per
    /// statement cost as much as the delete itself on the SLA path (BENCHMARKS.md).
    public static func delete(_ keys: [OutboxKey], in db: any StoreConnection) throws {
        for (role, keys) in Dictionary(grouping: keys, by: \.role) {
            for chunk in chunks(keys.count) {
                try db.execute(
                    "DELETE FROM outbox WHERE role = ? AND event_id IN (\(placeholders(chunk.count)))",
                    [.text(role.rawValue)] + keys[chunk].map { .text($0.eventID) })
            }
        }
    }

    /// Every row still owed, oldest first: resent at start-up.
    public static func pending(in db: any StoreConnection) throws -> [OutboxItem] {
        try db.rows("SELECT event_id, role, envelope FROM outbox ORDER BY created_at", []).compactMap { row in
            guard let role = ServiceRole(rawValue: try row.string(1)) else { return nil }
            return OutboxItem(eventID: try row.string(0), role: role, bytes: try row.bytes(2))
        }
    }

    /// Forgets processed event ids older than `cutoff` (seconds since 1970). A producer resends
    /// only until it hears DONE, which takes seconds, so a week of memory is ample.
    public static func pruneInbox(olderThan cutoff: Double, in db: any StoreConnection) throws -> Int {
        try db.execute("DELETE FROM inbox WHERE processed_at < ?", [.real(cutoff)])
    }

    /// Records `eventID` as processed; false when it already was (a duplicate: skip the effect,
    /// acknowledge again).
    public static func markProcessed(_ eventID: String, at time: Double, in db: any StoreConnection) throws -> Bool {
        !(try markProcessed([eventID], at: time, in: db).isEmpty)
    }

    /// Records a batch's event ids as processed, a statement per chunk; returns those that were
    /// not already (an id listed twice is new once). A caller applies an event only if it can
    /// take its id out of the returned set, so a duplicate in the batch is skipped too.
    public static func markProcessed(_ eventIDs: [String], at time: Double, in db: any StoreConnection) throws -> Set<String> {
        var fresh = Set<String>(minimumCapacity: eventIDs.count)
        for chunk in chunks(eventIDs.count) {
            let rows = try db.rows(
                """
                INSERT INTO inbox (event_id, processed_at) VALUES \(Array(repeating: "(?, ?)", count: chunk.count).joined(separator: ", "))
                ON CONFLICT DO NOTHING RETURNING event_id
                """, eventIDs[chunk].flatMap { [StoreValue.text($0), .real(time)] })
            for row in rows { fresh.insert(try row.string(0)) }
        }
        return fresh
    }

    /// `count` items as ranges of power-of-two lengths, largest first, at most 256: a batch
    /// statement's text then takes one of nine shapes, so each connection prepares and caches
    /// a few statements, not one per batch size. For every statement over a list of ids.
    public static func chunks(_ count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < count {
            let length = min(256, 1 << (Int.bitWidth - 1 - (count - start).leadingZeroBitCount))
            ranges.append(start..<(start + length))
            start += length
        }
        return ranges
    }

    /// `?, ?, …`: the parameters of an `IN (…)` or `VALUES` list of `count` items.
    public static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
