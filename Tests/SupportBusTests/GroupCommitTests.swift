import Foundation
import GRDB
import Logging
import StoreTesting
import Synchronization
import Testing

@testable import SupportBus
import SupportStore

@Suite struct GroupCommitTests {
    /// Counts commits, to see that concurrent writers share transactions.
    final class Commits: TransactionObserver, Sendable {
        let count = Atomic<Int>(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { count.add(1, ordering: .relaxed) }
        func databaseDidRollback(_ db: Database) {}
    }

    @Test(
        "concurrent writes share commits; one that fails is rolled back alone and only its caller sees the error",
        arguments: TestStores.engines)
    func sharedCommits(engine: StoreEngine) async throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)") }
        let schema = StoreSchema(name: "grouptest", sqlite: migrator, postgres: [StoreMigration("t", ["CREATE TABLE t (n BIGINT PRIMARY KEY)"])])
        let store = try await TestStores.offPool { try Store(TestStores.fresh(engine), schema: schema, logger: Logger(label: "test")) }
        defer { store.close() }
        let commits = Commits()
        store.sqlitePool?.add(transactionObserver: commits, extent: .databaseLifetime)
        let committer = GroupCommit(store: store)

        let writers = 400
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<writers {
                group.addTask {
                    do {
                        let written = try await committer.write { db -> Int in
                            try db.execute("INSERT INTO t (n) VALUES (?)", [StoreValue(n)])
                            // A statement the engine refuses: on PostgreSQL it aborts the shared
                            // transaction until the savepoint is rolled back.
                            if n == 13 { try db.execute("INSERT INTO t (n) VALUES (?)", [StoreValue(n)]) }
                            return n
                        }
                        return (written, true)
                    } catch {
                        return (n, false)
                    }
                }
            }
            var all: [(Int, Bool)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.filter { !$0.1 }.map(\.0) == [13], "only the writer that failed failed")
        let stored = try await store.read { db in try db.rows("SELECT n FROM t ORDER BY n", []).map { try $0.int(0) } }
        #expect(stored == Array(0..<writers).filter { $0 != 13 }, "every other write is durable, the failed one left nothing")
        if engine == .sqlite {
            let transactions = commits.count.load(ordering: .relaxed)
            #expect(transactions < writers / 2, "\(writers) writers shared \(transactions) commits")
        }
    }

    /// A savepoint per caller made SQLite copy every page a caller touched to a statement
    /// journal first (66 KB per ticket on intake), so a batch that fails nowhere runs
    /// without one; the test above checks that a failure is still rolled back alone.
    @Test("a batch where no caller fails takes no savepoint")
    func noSavepointsWithoutFailure() async throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)") }
        let schema = StoreSchema(name: "grouptest", sqlite: migrator, postgres: [])
        let store = try await TestStores.offPool { try Store(TestStores.fresh(.sqlite), schema: schema, logger: Logger(label: "test")) }
        defer { store.close() }
        let statements = Mutex<[String]>([])
        try await store.sqlitePool!.writeWithoutTransaction { db in
            db.trace { event in statements.withLock { $0.append("\(event)") } }
        }
        let committer = GroupCommit(store: store)
        let writers = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<writers {
                group.addTask {
                    _ = try await committer.write { db in try db.execute("INSERT INTO t (n) VALUES (?)", [StoreValue(n)]) }
                }
            }
            try await group.waitForAll()
        }
        let traced = statements.withLock { $0 }
        #expect(traced.filter { $0.contains("INSERT INTO t") }.count == writers)
        #expect(!traced.contains { $0.uppercased().contains("SAVEPOINT") }, "no savepoint in \(traced.count) statements")
        let stored = try await store.read { db in try db.rows("SELECT count(*) FROM t", [])[0].int(0) }
        #expect(stored == writers)
    }
}
