import SupportBus
import SupportDomain
import SupportStore

/// The SQLite store's clock journal: one row per transaction, holding the clock bodies it
/// changed, in place of a row rewrite per ticket.
///
/// Why: with many open tickets each update rewrites a different page of `ticket_clocks` and of
/// its due-time index, and those random page writes were half of an update's cost
/// (BENCHMARKS.md, "What stands in the way…"). Appending one row costs a few sequential pages;
/// the fold then writes each ticket's row once for many updates, with neighbours on one page.
/// The rows plus the journal, applied in order, are the store's clocks at every commit.
enum ClockJournal {
    static let create = "CREATE TABLE clock_journal (seq INTEGER PRIMARY KEY, bodies BLOB NOT NULL)"

    /// Appends the bodies of one transaction's changed clocks: a format byte (1), then each
    /// body with its length.
    static func append(_ bodies: [[UInt8]], in db: any StoreConnection) throws {
        var writer = ByteWriter(capacity: bodies.reduce(1) { $0 + $1.count + 2 })
        writer.byte(format)
        for body in bodies { writer.block(body) }
        try db.execute("INSERT INTO clock_journal (bodies) VALUES (?)", [.blob(writer.bytes)])
    }

    static let format: UInt8 = 1

    /// Every clock the journal holds, oldest first (a ticket changed twice appears twice).
    static func clocks(in db: any StoreConnection) throws -> [TicketClocks] {
        var clocks: [TicketClocks] = []
        for row in try db.rows("SELECT bodies FROM clock_journal ORDER BY seq", []) {
            let bytes = try row.bytes(0)
            // Rows of the build before binary bodies: a JSON array of JSON bodies.
            if bytes.first == UInt8(ascii: "[") {
                clocks += try TicketClocks.legacyDecoder.decode([TicketClocks].self, from: bytes)
                continue
            }
            try bytes.withUnsafeBytes { raw in
                var reader = ByteReader(bytes: raw)
                let format = try reader.byte()
                guard format == Self.format else { throw ByteReader.Failure.malformed("clock journal format \(format)") }
                while !reader.isAtEnd {
                    var body = ByteReader(bytes: try reader.block())
                    clocks.append(try TicketClocks(reading: &body, whole: true))
                }
            }
        }
        return clocks
    }

    /// The newest row's number: a fold deletes up to it once what it read is in the rows.
    static func last(in db: any StoreConnection) throws -> Int? {
        try db.row("SELECT MAX(seq) FROM clock_journal")?.optionalInt(0)
    }

    /// Deletes the rows up to `seq` (every row when nil) once their bodies are in the rows.
    static func delete(through seq: Int?, in db: any StoreConnection) throws {
        if let seq { try db.execute("DELETE FROM clock_journal WHERE seq <= ?", [StoreValue(seq)]) } else { try db.execute("DELETE FROM clock_journal") }
    }
}
