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

    /// Appends the bodies of one transaction's changed clocks, as one JSON array of them.
    static func append(_ bodies: [[UInt8]], in db: any StoreConnection) throws {
        var array: [UInt8] = [UInt8(ascii: "[")]
        array.reserveCapacity(bodies.reduce(2) { $0 + $1.count + 1 })
        for (index, body) in bodies.enumerated() {
            if index > 0 { array.append(UInt8(ascii: ",")) }
            array.append(contentsOf: body)
        }
        array.append(UInt8(ascii: "]"))
        try db.execute("INSERT INTO clock_journal (bodies) VALUES (?)", [.blob(array)])
    }

    /// Each transaction's array of bodies, oldest first.
    static func arrays(in db: any StoreConnection) throws -> [[UInt8]] {
        try db.rows("SELECT bodies FROM clock_journal ORDER BY seq", []).map { try $0.bytes(0) }
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
