import Foundation
import GRDB
import SupportDomain
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
}
