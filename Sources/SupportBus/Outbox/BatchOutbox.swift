public import GRDB
import SupportDomain
public import SupportStore
import Synchronization

/// The outbox as one row per transaction: every hand-off a transaction owes, in one appended
/// row, deleted once the last of them is acknowledged (DONE).
///
/// Why: a row per event and consumer costs an insert when the event is made and a delete when
/// it is acknowledged, each into a B-tree of large rows; on the sla path those two statements
/// were about a quarter of an update's store time (BENCHMARKS.md). One appended row per batch
/// costs a few sequential pages, and one delete.
///
/// Which row holds which pending hand-off is kept here in memory, from the commit that wrote
/// it (``track(_:)``) or from ``pending(in:)`` at start-up, to the DONE of its last item
/// (``forget(_:in:)``). Nothing durable depends on it: a row is deleted only when every one of
/// its items was acknowledged, and a row left behind by a crash is sent again in full at the
/// next start, which receivers drop as repeats. Rows of the older per-event table
/// (``OutboxTable``) are read and deleted as before.
public final class BatchOutbox: Sendable {
    private struct State {
        /// Items not yet acknowledged, by row.
        var remaining: [Int64: Int] = [:]
        var rows: [OutboxKey: Int64] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers the table's migration; every stateful service's schema has it.
    public static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("bus-v2-outbox-batch") { db in
            try db.execute(sql: "CREATE TABLE outbox_batch (seq INTEGER PRIMARY KEY, items BLOB NOT NULL, created_at REAL NOT NULL)")
        }
    }

    /// The same table on PostgreSQL.
    public static let postgresMigrations = [
        StoreMigration(
            "bus-v2-outbox-batch",
            ["CREATE TABLE outbox_batch (seq BIGSERIAL PRIMARY KEY, items BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL)"])
    ]

    /// Writes one row with a hand-off of each event to each consumer role of its topic, inside
    /// the caller's transaction; returns the items to send once it commits (``track(_:)`` them
    /// first). Nothing is written when no event has a consumer.
    public func insert(_ events: [(envelope: Envelope, bytes: [UInt8])], at time: Double, in db: any StoreConnection) throws -> [[OutboxItem]] {
        let roles = events.map { $0.envelope.topic.consumers }
        guard roles.contains(where: { !$0.isEmpty }) else { return roles.map { _ in [] } }
        var writer = ByteWriter(capacity: events.reduce(1) { $0 + $1.bytes.count + 64 })
        writer.byte(Self.format)
        for ((envelope, bytes), roles) in zip(events, roles) where !roles.isEmpty {
            writer.string(envelope.id)
            writer.varint(UInt64(roles.count))
            for role in roles { writer.string(role.rawValue) }
            writer.block(bytes)
        }
        guard let seq = try db.rows("INSERT INTO outbox_batch (items, created_at) VALUES (?, ?) RETURNING seq", [.blob(writer.bytes), .real(time)]).first
        else { throw StoreError.engine("outbox_batch insert returned no row") }
        let batch = Int64(try seq.int(0))
        return zip(events, roles).map { event, roles in
            roles.map { OutboxItem(eventID: event.envelope.id, role: $0, bytes: event.bytes, batch: batch) }
        }
    }

    static let format: UInt8 = 1

    /// Remembers which row holds each item, after the transaction that wrote them committed
    /// and before they are sent (a DONE can only follow a send). Items of the per-event table
    /// (no `batch`) are skipped. Tracking an item again changes nothing, even under another
    /// row: its DONE then counts for the first, and the second is deleted with its other items
    /// (moving it would let its DONE empty a row that still owes something).
    public func track(_ items: some Sequence<OutboxItem>) {
        state.withLock { state in
            for item in items {
                guard let batch = item.batch, state.rows[item.key] == nil else { continue }
                state.rows[item.key] = batch
                state.remaining[batch, default: 0] += 1
            }
        }
    }

    /// Deletes what acknowledged hand-offs leave owing nothing: each row whose last item is in
    /// `keys`, and the per-event rows of keys no row holds. A key acknowledged twice counts once.
    public func forget(_ keys: [OutboxKey], in db: any StoreConnection) throws {
        var done: [Int64] = []
        var loose: [OutboxKey] = []
        state.withLock { state in
            for key in keys {
                guard let batch = state.rows.removeValue(forKey: key) else {
                    loose.append(key)
                    continue
                }
                let left = state.remaining[batch, default: 1] - 1
                if left > 0 {
                    state.remaining[batch] = left
                } else {
                    state.remaining[batch] = nil
                    done.append(batch)
                }
            }
        }
        for chunk in OutboxTable.chunks(done.count) {
            try db.execute(
                "DELETE FROM outbox_batch WHERE seq IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ", ")))",
                done[chunk].map { StoreValue.integer($0) })
        }
        if !loose.isEmpty { try OutboxTable.delete(loose, in: db) }
    }

    /// Every item still owed, oldest first: the per-event table's rows, then each row of this
    /// one, tracked. What a service's sender resends at start-up.
    public func pending(in db: any StoreConnection) throws -> [OutboxItem] {
        let items = try Self.owed(in: db)
        track(items)
        return items
    }

    /// Every item still owed, oldest first, read and not tracked: what an operator or a test
    /// looks at.
    public static func owed(in db: any StoreConnection) throws -> [OutboxItem] {
        var items = try OutboxTable.pending(in: db)
        for row in try db.rows("SELECT seq, items FROM outbox_batch ORDER BY seq", []) {
            items += try Self.items(of: try row.bytes(1), batch: Int64(try row.int(0)))
        }
        return items
    }

    /// The items a row holds.
    static func items(of bytes: [UInt8], batch: Int64) throws -> [OutboxItem] {
        try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(bytes: raw)
            let format = try reader.byte()
            guard format == Self.format else { throw ByteReader.Failure.malformed("outbox row format \(format)") }
            var items: [OutboxItem] = []
            while !reader.isAtEnd {
                let eventID = try reader.string()
                let roles = try (0..<reader.count()).map { _ in try reader.string() }
                let envelope = Array(try reader.block())
                for name in roles {
                    guard let role = ServiceRole(rawValue: name) else { continue }
                    items.append(OutboxItem(eventID: eventID, role: role, bytes: envelope, batch: batch))
                }
            }
            return items
        }
    }
}
