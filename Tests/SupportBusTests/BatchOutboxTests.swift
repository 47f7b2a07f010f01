import Foundation
import StoreTesting
import SupportDomain
import SupportStore
import Testing

@testable import SupportBus

@Suite struct BatchOutboxTests {
    /// `count` envelopes of `event`, ids `prefix0`, `prefix1`, …
    static func envelopes(_ count: Int, _ event: Event, prefix: String) -> [(envelope: Envelope, bytes: [UInt8])] {
        (0..<count).map { n in
            (Envelope(id: "\(prefix)\(n)", event: event, producer: "p", sequence: UInt64(n), occurredAt: Date()), [UInt8(n % 256), 7])
        }
    }

    static func rows(_ store: Store) async throws -> Int {
        try await store.read { db in try db.row("SELECT COUNT(*) FROM outbox_batch")!.int(0) }
    }

    @Test("a transaction's hand-offs are one row, deleted when the last of them is acknowledged, not before", arguments: TestStores.engines)
    func oneRowPerTransaction(engine: StoreEngine) async throws {
        let store = try await OutboxTableTests.store(engine)
        defer { store.close() }
        let outbox = BatchOutbox()
        // ticket.classified is owed to two roles, sla.paused to one, notification.sent to none.
        let events = Self.envelopes(3, Fixtures.events[2], prefix: "c") + Self.envelopes(2, Fixtures.events[8], prefix: "p")
            + Self.envelopes(1, Fixtures.events[10], prefix: "n")
        let items = try await store.write { db in try outbox.insert(events, at: 1, in: db) }
        #expect(items.map(\.count) == [2, 2, 2, 1, 1, 0])
        let all = items.flatMap { $0 }
        #expect(Set(all.map(\.batch)).count == 1 && all[0].batch != nil, "one row holds them all")
        #expect(all.map(\.bytes) == [[0, 7], [0, 7], [1, 7], [1, 7], [2, 7], [2, 7], [0, 7], [1, 7]])
        #expect(try await Self.rows(store) == 1)
        #expect(try await store.read { db in try BatchOutbox.owed(in: db) } == all, "read back as written, in order")

        outbox.track(all)
        outbox.track(all)  // tracking again changes nothing
        // Every item but the last, the first of them acknowledged twice: the row stays.
        try await store.write { db in try outbox.forget(all.dropLast().map(\.key) + [all[0].key], in: db) }
        #expect(try await Self.rows(store) == 1, "one item is still owed")
        try await store.write { db in try outbox.forget([all[0].key], in: db) }
        #expect(try await Self.rows(store) == 1, "a repeated acknowledgement does not count for another item")
        try await store.write { db in try outbox.forget([all.last!.key], in: db) }
        #expect(try await Self.rows(store) == 0)

        // An item that a second row holds too (the same event id and role) stays with the first:
        // its DONE must not empty the second while that row's other item is owed.
        let first = try await store.write { db in try outbox.insert(Self.envelopes(1, Fixtures.events[8], prefix: "d"), at: 2, in: db) }
        let second = try await store.write { db in try outbox.insert(Self.envelopes(2, Fixtures.events[8], prefix: "d"), at: 3, in: db) }
        outbox.track(first.flatMap { $0 })
        outbox.track(second.flatMap { $0 })
        try await store.write { db in try outbox.forget([first[0][0].key], in: db) }
        let kept = try await store.read { db in try BatchOutbox.owed(in: db) }.map(\.eventID)
        #expect(kept == ["d0", "d1"], "the second row, which still owes d1, is kept")
        try await store.write { db in try outbox.forget([second[1][0].key], in: db) }
        #expect(try await Self.rows(store) == 0)

        let none = try await store.write { db in try outbox.insert(Self.envelopes(2, Fixtures.events[10], prefix: "x"), at: 2, in: db) }
        #expect(none.allSatisfy { $0.isEmpty })
        #expect(try await Self.rows(store) == 0, "events no one consumes owe nothing")
    }

    @Test("after a restart every row is owed again in full, and older per-event rows too", arguments: TestStores.engines)
    func restart(engine: StoreEngine) async throws {
        let store = try await OutboxTableTests.store(engine)
        defer { store.close() }
        let before = BatchOutbox()
        let legacy = try await store.write { db in
            try OutboxTable.insert(Envelope(id: "old", event: Fixtures.events[8], producer: "p", sequence: 0, occurredAt: Date()), bytes: [1], in: db)
        }
        let first = try await store.write { db in try before.insert(Self.envelopes(300, Fixtures.events[8], prefix: "a"), at: 1, in: db) }.flatMap { $0 }
        let second = try await store.write { db in try before.insert(Self.envelopes(2, Fixtures.events[2], prefix: "b"), at: 2, in: db) }.flatMap { $0 }
        before.track(first + second)
        // Half of the first row acknowledged, and the process dies before the rest.
        try await store.write { db in try before.forget(first.prefix(150).map(\.key), in: db) }
        #expect(try await Self.rows(store) == 2)

        let after = BatchOutbox()
        let pending = try await store.read { db in try after.pending(in: db) }
        #expect(pending == legacy + first + second, "oldest first: the per-event row, then each row whole")
        try await store.write { db in try after.forget(pending.map(\.key), in: db) }
        #expect(try await Self.rows(store) == 0)
        #expect(try await store.read { db in try BatchOutbox.owed(in: db) }.isEmpty, "the per-event row is deleted too")
    }
}
