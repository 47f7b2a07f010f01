import Foundation
import GRDB
import Logging
import StoreTesting
import SupportDomain
import SupportStore
import Testing

@testable import SupportBus

@Suite struct OutboxTableTests {
    func database() throws -> DatabaseQueue {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString).sqlite").path
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        OutboxTable.register(in: &migrator)
        try migrator.migrate(queue)
        return queue
    }

    @Test("one outbox row per consumer role, resent until deleted")
    func outbox() throws {
        let db = try database()
        let envelope = Envelope(id: "e1", event: Fixtures.events[2], producer: "p", sequence: 1, occurredAt: Date())
        let items = try db.write { try OutboxTable.insert(envelope, bytes: [9], in: $0) }
        #expect(Set(items.map(\.role)) == Set(Topic.ticketClassified.consumers))
        #expect(try db.read { try OutboxTable.pending(in: $0) }.count == items.count)
        try db.write { try OutboxTable.delete([items[0].key], in: $0) }
        #expect(try db.read { try OutboxTable.pending(in: $0) }.map(\.key) == Array(items.dropFirst()).map(\.key))
    }

    @Test("the same event is processed once")
    func inbox() throws {
        let db = try database()
        #expect(try db.write { try OutboxTable.markProcessed("e1", at: 1, in: $0) })
        #expect(try db.write { try OutboxTable.markProcessed("e1", at: 2, in: $0) } == false)
        #expect(try db.write { try OutboxTable.markProcessed("e2", at: 3, in: $0) })
    }

    /// A real store of the shared bus schema on `engine`.
    static func store(_ engine: StoreEngine) async throws -> Store {
        try await TestStores.offPool {
            try Store(TestStores.fresh(engine, name: "outbox"), schema: .service("outbox", postgres: []) { _ in }, logger: Logger(label: "test"))
        }
    }

    @Test("a batch's ids: new once each, whether seen before, listed twice, or past a chunk's end", arguments: TestStores.engines)
    func inboxBatch(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        defer { store.close() }
        let seen = (0..<300).map { "old-\($0)" }
        let first = try await store.write { db in try OutboxTable.markProcessed(seen, at: 1, in: db) }
        #expect(first == Set(seen))
        // 700 ids: every tenth seen before, every seventh listed twice; more than two chunks.
        let batch = (0..<700).flatMap { (n: Int) -> [String] in
            let id = n % 10 == 0 ? "old-\(n % 300)" : "new-\(n)"
            return n % 7 == 0 ? [id, id] : [id]
        }
        let fresh = try await store.write { db in try OutboxTable.markProcessed(batch, at: 2, in: db) }
        #expect(fresh == Set(batch.filter { $0.hasPrefix("new-") }))
        let again = try await store.write { db in try OutboxTable.markProcessed(batch, at: 3, in: db) }
        #expect(again.isEmpty, "a redelivered batch is all duplicates")
        let rows = try await store.read { db in try db.row("SELECT COUNT(*) FROM inbox")!.int(0) }
        #expect(rows == 300 + fresh.count)
    }

    @Test("deleting acknowledged rows of several roles, past a chunk's end, leaves exactly the others", arguments: TestStores.engines)
    func deleteBatch(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        defer { store.close() }
        // ticket.classified is owed to two roles: 600 events make 1,200 rows.
        let items = try await store.write { db in
            try (0..<600).flatMap { n in
                try OutboxTable.insert(
                    Envelope(id: "e\(n)", event: Fixtures.events[2], producer: "p", sequence: UInt64(n), occurredAt: Date()), bytes: [1],
                    in: db)
            }
        }
        #expect(Set(items.map(\.role)).count == 2)
        let gone = items.enumerated().filter { $0.offset % 3 != 0 }.map(\.element.key)
        try await store.write { db in try OutboxTable.delete(gone, in: db) }
        let left = try await store.read { db in try OutboxTable.pending(in: db) }.map(\.key)
        #expect(Set(left) == Set(items.map(\.key)).subtracting(gone))
    }

    @Test("chunks cover every item once, in power-of-two lengths of at most 256")
    func chunks() {
        for count in [0, 1, 2, 3, 255, 256, 257, 512, 700, 1_000] {
            let ranges = OutboxTable.chunks(count)
            #expect(ranges.flatMap { Array($0) } == Array(0..<count))
            #expect(ranges.allSatisfy { $0.count <= 256 && $0.count.nonzeroBitCount == 1 })
        }
        #expect(OutboxTable.chunks(300).map(\.count) == [256, 32, 8, 4])
    }
}
