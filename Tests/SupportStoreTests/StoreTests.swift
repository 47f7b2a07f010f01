import Foundation
import GRDB
import Logging
import StoreTesting
import SupportStore
import Testing

/// The store layer on both engines, against a real SQLite file and a real PostgreSQL server.
@Suite struct StoreTests {
    static let schema = StoreSchema(
        name: "storetest",
        sqlite: {
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(sql: "CREATE TABLE item (id TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL, x REAL, body BLOB)")
            }
            return migrator
        }(),
        postgres: [StoreMigration("v1", ["CREATE TABLE item (id TEXT PRIMARY KEY NOT NULL, n BIGINT NOT NULL, x DOUBLE PRECISION, body BYTEA)"])])

    /// A store on a fresh location, opened off the concurrency pool (it waits on the server).
    static func open(_ engine: StoreEngine) async throws -> Store {
        try await TestStores.offPool { try Store(TestStores.fresh(engine), schema: schema, logger: Logger(label: "test")) }
    }

    @Test("a SQLite commit past the threshold is logged with its commit and statement times; one under it is not")
    func slowCommitsAreLogged() async throws {
        let log = CapturedLog()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(log) }
        let location = try TestStores.fresh(.sqlite)
        let everyCommit = try await TestStores.offPool { try Store(location, schema: Self.schema, logger: logger, slowCommit: .zero) }
        try await everyCommit.write { db in try db.execute("INSERT INTO item (id, n) VALUES (?, ?)", [.text("a"), 1]) }
        everyCommit.close()
        let logged = log.lines("slow commit")
        #expect(logged.count == 1)
        for key in ["commit_ms", "statements_ms", "store"] { #expect(logged.first?[key] != nil, "\(key)") }
        let quiet = try await TestStores.offPool { try Store(location, schema: Self.schema, logger: logger, slowCommit: .seconds(60)) }
        defer { quiet.close() }
        try await quiet.write { db in try db.execute("INSERT INTO item (id, n) VALUES (?, ?)", [.text("b"), 2]) }
        #expect(log.lines("slow commit").count == 1)
    }

    @Test(arguments: TestStores.engines)
    func valuesRoundTripWithTheirTypes(engine: StoreEngine) async throws {
        let store = try await Self.open(engine)
        defer { store.close() }
        let blob: [UInt8] = [0, 1, 2, 255, 0x27]
        try await store.write { db in
            try db.execute("INSERT INTO item (id, n, x, body) VALUES (?, ?, ?, ?)", ["it's ?", 42, 1.5, .blob(blob)])
            try db.execute("INSERT INTO item (id, n, x, body) VALUES (?, ?, ?, ?)", ["b", .integer(Int64.max), nil, nil])
        }
        let rows = try await store.read { db in try db.rows("SELECT id, n, x, body FROM item ORDER BY n", []) }
        #expect(rows.count == 2)
        #expect(try rows[0].string(0) == "it's ?")
        #expect(try rows[0].int(1) == 42)
        #expect(try rows[0].double(2) == 1.5)
        #expect(try rows[0].bytes(3) == blob)
        #expect(rows[1][1] == .integer(Int64.max))
        #expect(try rows[1].optionalDouble(2) == nil)
        #expect(rows[1][3] == .null)
        // Aggregates answer numbers on both engines (PostgreSQL's SUM of BIGINT is NUMERIC).
        let sum = try await store.read { db in try db.row("SELECT SUM(n), COUNT(*) FROM item WHERE id <> 'b'") }
        #expect(try sum?.int(0) == 42)
        #expect(try sum?.int(1) == 1)
    }

    /// Values that bind differently from the plain ones: text holding NUL, empty text and
    /// an empty blob (not NULL), the integer limits, a blob of a megabyte; and a statement that
    /// breaks a constraint, or gets the wrong number of values, throws without writing.
    @Test(arguments: TestStores.engines)
    func edgeValuesBindWhole(engine: StoreEngine) async throws {
        let store = try await Self.open(engine)
        defer { store.close() }
        let large = (0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let rows: [[StoreValue]] = [
            [.text("a ☃ 🏳️‍🌈 '?"), .integer(Int64.min), .real(-0.0), .blob([])],
            [.text(""), .integer(Int64.max), .real(1e308), .blob(large)],
        ]
        try await store.write { db in
            for row in rows { try db.execute("INSERT INTO item (id, n, x, body) VALUES (?, ?, ?, ?)", row) }
        }
        let read = try await store.read { db in try db.rows("SELECT id, n, x, body FROM item ORDER BY n", []) }
        #expect(read.map { [$0[0], $0[1], $0[2], $0[3]] } == rows)
        await #expect(throws: (any Error).self) {
            try await store.write { db in try db.execute("INSERT INTO item (id, n) VALUES (?, ?)", [.text(""), 1]) }
        }
        await #expect(throws: (any Error).self) {
            try await store.write { db in try db.execute("INSERT INTO item (id, n) VALUES (?, ?)", [.text("c")]) }
        }
        #expect(try await store.read { db in try db.row("SELECT COUNT(*) FROM item")?.int(0) } == 2)
        // SQLite's text may hold NUL (PostgreSQL's may not): it is stored whole, by length.
        if engine == .sqlite {
            let nul = "a\u{0}b"
            try await store.write { db in try db.execute("INSERT INTO item (id, n) VALUES (?, ?)", [.text(nul), 0]) }
            let stored = try await store.read { db in try db.row("SELECT length(CAST(id AS BLOB)) FROM item WHERE n = 0")?.int(0) }
            #expect(stored == nul.utf8.count)
        }
    }

    @Test(arguments: TestStores.engines)
    func aFailedTransactionLeavesNothingAndChangesAreCounted(engine: StoreEngine) async throws {
        let store = try await Self.open(engine)
        defer { store.close() }
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await store.write { db in
                try db.execute("INSERT INTO item (id, n) VALUES (?, ?)", ["a", 1])
                throw Refused()
            }
        }
        #expect(try await store.read { db in try db.rows("SELECT id FROM item", []) }.isEmpty)
        let changes = try await store.write { db in
            [
                try db.execute("INSERT INTO item (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", ["a", 1]),
                try db.execute("INSERT INTO item (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", ["a", 2]),
                try db.execute("UPDATE item SET n = n + 1", []),
            ]
        }
        #expect(changes == [1, 0, 1])
        // A statement the engine rejects reports the engine's reason, and the store stays usable.
        await #expect(throws: (any Error).self) {
            try await store.write { db in try db.execute("INSERT INTO missing_table VALUES (1)") }
        }
        #expect(try await store.read { db in try db.row("SELECT n FROM item")?.int(0) } == 2)
    }

    @Test(arguments: TestStores.engines)
    func migrationsApplyOnceWhenInstancesStartTogether(engine: StoreEngine) async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(engine) }
        let stores = try await withThrowingTaskGroup(of: Store.self) { group in
            for _ in 0..<4 {
                // Opening waits on the server: on threads of their own, not the concurrency pool.
                group.addTask { try await TestStores.offPool { try Store(location, schema: Self.schema, logger: Logger(label: "test")) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await stores[0].write { db in try db.execute("INSERT INTO item (id, n) VALUES ('shared', 1)") }
        for store in stores {
            #expect(try await store.read { db in try db.row("SELECT n FROM item WHERE id = 'shared'")?.int(0) } == 1)
            store.close()
        }
    }

    /// A 201 or an acknowledgement promises the commit survives a power cut: SQLite must sync
    /// the WAL at every commit (`synchronous = FULL`, 2). GRDB's pool sets its writer to NORMAL
    /// (1) when it turns WAL on, after the connection's own setup.
    @Test func sqliteCommitsAreSyncedToDisk() async throws {
        let store = try await Self.open(.sqlite)
        defer { store.close() }
        let level = try await store.write { db in try db.row("PRAGMA synchronous", [])?.int(0) }
        #expect(level == 2)
    }

    /// An unsynced write (acknowledged outbox rows, the sla journal's folds) relaxes only its
    /// own commit: the next write is synced again, also after one that failed and rolled back.
    @Test func anUnsyncedWriteRelaxesOnlyItsOwnCommit() async throws {
        struct Refused: Error {}
        let store = try await Self.open(.sqlite)
        defer { store.close() }
        let inside = try await store.writeUnsynced { db in
            try db.execute("INSERT INTO item (id, n) VALUES ('kept', 1)", [])
            return try db.row("PRAGMA synchronous", [])?.int(0)
        }
        #expect(inside == 0)
        #expect(try await store.write { db in try db.row("PRAGMA synchronous", [])?.int(0) } == 2)
        await #expect(throws: Refused.self) {
            try await store.writeUnsynced { db in
                try db.execute("INSERT INTO item (id, n) VALUES ('undone', 2)", [])
                throw Refused()
            }
        }
        #expect(try await store.write { db in try db.row("PRAGMA synchronous", [])?.int(0) } == 2)
        let ids = try await store.read { db in try db.rows("SELECT id FROM item ORDER BY id", []).map { try $0.string(0) } }
        #expect(ids == ["kept"])
    }

    @Test func storeURLsParseAndBadOnesSayWhy() throws {
        #expect(try StoreLocation(url: "sqlite:data/sla.sqlite") == .sqlite(path: "data/sla.sqlite"))
        #expect(
            try StoreLocation(url: "postgres://desk:s%40cret@db.internal:6432/support")
                == .postgres(PostgresLocation(host: "db.internal", port: 6432, user: "desk", password: "s@cret", database: "support")))
        #expect("\(try StoreLocation(url: "postgres://desk:secret@db/support"))" == "postgres://desk@db:5432/support")
        let withPassword = try StoreLocation(url: "postgres://desk:s%40c:ret@db:6432/support")
        #expect(try StoreLocation(url: withPassword.url) == withPassword, "url round-trips, password included")
        for bad in ["mysql://x/y", "sqlite:", "postgres://db/support", "postgres://u@db/"] {
            #expect(throws: StoreError.self) { try StoreLocation(url: bad) }
        }
    }
}
