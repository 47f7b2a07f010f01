import Foundation
import GRDB
import SupportBus
import SupportStore

/// The bus's durable history of the event stream, for `tail --since`.
///
/// Written by the history thread only, in batches (one commit per poll round). WAL with
/// `synchronous = NORMAL`: a power cut may lose the last instants of history, never corrupt it —
/// the history is for looking back, not a hand-off.
final class HistoryStore {
    let queue: DatabaseQueue

    init(path: String) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("history-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        received_at REAL NOT NULL,
                        topic TEXT NOT NULL,
                        envelope BLOB NOT NULL
                    );
                    CREATE INDEX event_received ON event (received_at);
                    """)
        }
        try migrator.migrateConcurrently(queue)
    }

    func append(_ events: [(topic: [UInt8], envelope: [UInt8])], at time: Date) throws {
        try queue.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO event (received_at, topic, envelope) VALUES (?, ?, ?)")
            for event in events {
                try statement.execute(arguments: [
                    time.timeIntervalSince1970, String(decoding: event.topic, as: UTF8.self), Data(event.envelope),
                ])
            }
        }
    }

    /// Events received at or after `since` whose topic starts with one of `prefixes` (all when
    /// empty), oldest first.
    func events(since: Date, prefixes: [String], limit: Int) throws -> [(topic: [UInt8], envelope: [UInt8])] {
        try queue.read { db in
            // The filter runs in SQL, before the limit; the newest `limit` events are kept.
            let filter = prefixes.isEmpty ? "" : " AND (" + prefixes.map { _ in "substr(topic, 1, ?) = ?" }.joined(separator: " OR ") + ")"
            var arguments: [any DatabaseValueConvertible] = [since.timeIntervalSince1970]
            for prefix in prefixes { arguments += [prefix.utf8.count, prefix] }
            arguments.append(limit)
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT topic, envelope FROM (SELECT seq, topic, envelope FROM event WHERE received_at >= ?\(filter) ORDER BY seq DESC LIMIT ?) ORDER BY seq",
                arguments: StatementArguments(arguments))
            return rows.map { row in (Array((row["topic"] as String).utf8), Array(row["envelope"] as Data)) }
        }
    }

    func prune(before: Date) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM event WHERE received_at < ?", arguments: [before.timeIntervalSince1970])
        }
    }
}
