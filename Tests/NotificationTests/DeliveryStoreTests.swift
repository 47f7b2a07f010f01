import Foundation
import Logging
import StoreTesting
import SupportDomain
import SupportStore
import Testing

@testable import Notification

/// The delivery table on both engines: a SQLite file and a database on a real PostgreSQL server.
@Suite struct DeliveryStoreTests {
    /// A store on a fresh location, opened off the concurrency pool (it waits on the server).
    static func store(_ engine: StoreEngine, throttle: DeliveryStore.Throttle = .init()) async throws -> DeliveryStore {
        try await TestStores.offPool {
            try DeliveryStore(location: TestStores.fresh(engine, name: "notification"), throttle: throttle, logger: Logger(label: "test"))
        }
    }

    static func message(_ id: String, channel: String = "email", notBefore: Date? = nil) -> Message {
        Message(
            deliveryID: id, ticketID: "t", template: "ticket.reply", channel: channel, recipient: "nina@x.example",
            language: .ptBR, subject: "s \(id)", body: "b", notBefore: notBefore)
    }

    @Test("a message with notBefore is not due until then (an escalation waiting for working hours)", arguments: TestStores.engines)
    func notBefore(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let now = Date()
        let message = Self.message("d-night", notBefore: now.addingTimeInterval(3600))
        #expect(try await store.accept([(eventID: "e-night", messages: [message])], now: now) == 1)
        #expect(try await store.due(now: now).isEmpty)
        #expect(try await store.due(now: now.addingTimeInterval(3601)).map(\.0.deliveryID) == ["d-night"])
    }

    /// Rows written before the store used the project's JSON coders hold Foundation's encoding
    /// (dates as seconds since 2001): a delivery waiting in such a row goes out unchanged.
    @Test("a row written by Foundation's JSONEncoder reads back the same message", arguments: TestStores.engines)
    func rowsOfTheBuildBefore(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let now = Date()
        var message = Self.message("d-old", notBefore: Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 60).rounded()))
        message.body = "Veja https://x.example/a/b — \"olá\"\n\tfim 🎉"
        let row = Array(try JSONEncoder().encode(message))
        #expect(String(decoding: row, as: UTF8.self).contains(#"https:\/\/x.example"#), "Foundation escapes '/'")
        try await store.storage.write { db in
            try db.execute(
                """
                INSERT INTO delivery (delivery_id, event_id, ticket_id, status, next_attempt_at, message, created_at, recipient, channel)
                VALUES ('d-old', 'e-old', 't', 'pending', ?, ?, ?, 'nina@x.example', 'email')
                """, [.real(now.timeIntervalSince1970 - 60), .blob(row), .real(now.timeIntervalSince1970 - 60)])
        }
        let due = try await store.due(now: now)
        #expect(due.map(\.0) == [message])
        #expect(try JSONDecoder().decode(Message.self, from: Data(try JSONEncoder().encode(message))) == message)
    }

    /// The dispatcher sends in the order `due` returns: the longest-waiting first, also when
    /// the PostgreSQL claim updates the rows it returns.
    @Test("due deliveries come oldest first", arguments: TestStores.engines)
    func oldestFirst(engine: StoreEngine) async throws {
        let store = try await Self.store(engine, throttle: .init(limit: 100, window: 600, delay: 60))
        let now = Date()
        let waits = [7, 2, 9, 4, 1, 8, 3, 6, 5]
        for wait in waits {
            let accepted = try await store.accept(
                [(eventID: "e-\(wait)", messages: [Self.message("d-\(wait)")])], now: now.addingTimeInterval(-Double(wait) * 10))
            #expect(accepted == 1)
        }
        #expect(try await store.due(now: now).map(\.0.deliveryID) == waits.sorted(by: >).map { "d-\($0)" })
    }

    @Test(
        "past the limit a person's messages are held; webhook copies never are; a redelivered event adds nothing",
        arguments: TestStores.engines)
    func throttle(engine: StoreEngine) async throws {
        let store = try await Self.store(engine, throttle: .init(limit: 2, window: 600, delay: 60))
        let now = Date()
        for n in 0..<4 {
            _ = try await store.accept(
                [(eventID: "e\(n)", messages: [Self.message("email-\(n)"), Self.message("webhook-\(n)", channel: "webhook")])], now: now)
        }
        _ = try await store.accept([(eventID: "e0", messages: [Self.message("email-9")])], now: now)
        #expect(try await store.list(status: "held").map(\.deliveryId).sorted() == ["email-2", "email-3"])
        #expect(try await store.due(now: now).filter { $0.0.channel == "webhook" }.count == 4)
        let templates = try TemplateLibrary(folder: TemplateLibraryTests.folder)
        #expect(try await store.releaseDigests(now: now.addingTimeInterval(61)) { DigestComposer.compose($0, templates: templates) } == 1)
        #expect(try await store.list(status: "digested").count == 2)
    }

    @Test("dead deliveries are listed and replayed as pending", arguments: TestStores.engines)
    func replay(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let now = Date()
        _ = try await store.accept([(eventID: "e", messages: [Self.message("d1"), Self.message("d2")])], now: now)
        try await store.record(
            [.failed(Self.message("d1"), attempts: 8, error: "refused", dead: true), .sent(Self.message("d2"), attempts: 1)], now: now
        ) { _, date in date }
        #expect(try await store.list(status: "dead").map(\.deliveryId) == ["d1"])
        #expect(try await store.list(status: "dead").first?.lastError == "refused")
        #expect(try await store.replay(ids: ["d1", "d2"], now: now) == ["d1"], "only dead deliveries are replayed")
        #expect(try await store.due(now: now).map(\.0.deliveryID) == ["d1"])
    }

    /// Issue #13: two notification instances on one PostgreSQL store never claim the same
    /// delivery, and one an instance claimed and never finished goes to the other after the lease.
    @Test("two instances split the due deliveries; an unfinished claim returns after its lease", .enabled(if: TestStores.engines.contains(.postgres)))
    func leases() async throws {
        let (first, second) = try await TestStores.offPool {
            let location = try TestStores.fresh(.postgres, name: "notification")
            return (
                try DeliveryStore(location: location, throttle: .init(limit: 0), logger: Logger(label: "a")),
                try DeliveryStore(location: location, throttle: .init(limit: 0), logger: Logger(label: "b"))
            )
        }
        let now = Date()
        let messages = (0..<400).map { Self.message("d\($0)") }
        _ = try await first.accept([(eventID: "e", messages: messages)], now: now)
        async let a = first.due(now: now, limit: 300)
        async let b = second.due(now: now, limit: 300)
        let (claimedA, claimedB) = (Set(try await a.map(\.0.deliveryID)), Set(try await b.map(\.0.deliveryID)))
        #expect(claimedA.isDisjoint(with: claimedB), "no delivery claimed twice")
        #expect(claimedA.count + claimedB.count == 400, "every due delivery claimed by one of them")
        // `first` sends its share and dies before recording anything; `second` records its share.
        try await second.record(claimedB.map { .sent(Self.message($0), attempts: 1) }, now: now) { _, date in date }
        #expect(try await second.due(now: now.addingTimeInterval(1)).isEmpty, "claimed deliveries are leased")
        let returned = Set(try await second.due(now: now.addingTimeInterval(DeliveryStore.leaseSeconds + 1), limit: 1000).map(\.0.deliveryID))
        #expect(returned == claimedA, "after the lease, exactly the unfinished claims are due again")
    }
}
