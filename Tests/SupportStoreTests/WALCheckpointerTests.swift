import Foundation
import GRDB
import Logging
import StoreTesting
import Testing

@testable import SupportStore

@Suite struct WALCheckpointerTests {
    /// A durable store of blobs in a new folder (the caller removes it), with its checkpointer.
    static func open() throws -> (pool: DatabasePool, path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("store.sqlite").path
        var migrator = DatabaseMigrator()
        migrator.registerMigration("blobs") { db in try db.execute(sql: "CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        return (try DurableStore.open(path: path, migrator: migrator), path, folder)
    }

    /// Committed pages reach the database file although the writer's own checkpoint threshold
    /// (16,384 pages) is far away: the checkpointer's thread copied them, not a commit.
    @Test("committed pages are checkpointed into the database file by the checkpointer's thread")
    func checkpointsInBackground() async throws {
        let (pool, path, folder) = try Self.open()
        defer { try? FileManager.default.removeItem(at: folder) }
        // About 3 MiB in one commit: some 800 pages, under the writer's threshold.
        try await pool.write { db in
            for id in 0..<768 { try db.execute(sql: "INSERT INTO blobs (id, body) VALUES (?, zeroblob(4000))", arguments: [id]) }
        }
        let size = { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let deadline = Date().addingTimeInterval(10)
        while size() < 3_000_000 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(size() >= 3_000_000, "the database file holds the committed pages (\(size()) bytes)")
        let count = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs") }
        #expect(count == 768)
    }

    /// Each checkpoint is timed; one past the threshold is logged with its time and its file.
    @Test("a checkpoint that takes longer than the threshold is logged with its time and file")
    func slowCheckpointsAreLogged() async throws {
        let (pool, path, folder) = try Self.open()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = CapturedLog()
        // Every checkpoint takes longer than zero.
        WALCheckpointer.start(for: pool, slow: .zero, logger: Logger(label: "test") { _ in CapturingLogHandler(log) })
        try await pool.write { db in
            for id in 0..<64 { try db.execute(sql: "INSERT INTO blobs (id, body) VALUES (?, zeroblob(4000))", arguments: [id]) }
        }
        let deadline = Date().addingTimeInterval(10)
        while log.lines("slow checkpoint").isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let line = try #require(log.lines("slow checkpoint").first)
        #expect(line["store"] == .string(path))
        #expect(line["checkpoint_ms"].flatMap { Int("\($0)") } != nil)
    }
}
