import Foundation
import GRDB
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

    struct Refused: Error {}

    @Test("concurrent writes share commits; one that throws is rolled back alone and only its caller sees the error")
    func sharedCommits() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).sqlite").path
        var migrator = DatabaseMigrator()
        migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)") }
        let pool = try DurableStore.open(path: path, migrator: migrator)
        let commits = Commits()
        pool.add(transactionObserver: commits, extent: .databaseLifetime)
        let committer = GroupCommit(pool: pool)

        let writers = 400
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<writers {
                group.addTask {
                    do {
                        let written = try await committer.write { db -> Int in
                            try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                            if n == 13 { throw Refused() }
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
        #expect(results.filter { !$0.1 }.map(\.0) == [13], "only the writer that threw failed")
        let stored = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") }
        #expect(stored == Array(0..<writers).filter { $0 != 13 }, "every other write is durable, the failed one left nothing")
        let transactions = commits.count.load(ordering: .relaxed)
        #expect(transactions < writers / 2, "\(writers) writers shared \(transactions) commits")
    }
}
