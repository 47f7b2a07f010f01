import Foundation
public import Logging
import SupportBus
import SupportDomain
import SupportStore

/// How fast intake's store alone commits tickets, so a load run can show how much of a ticket's
/// cost is the durable write and how much the request around it (`supportctl load intake-zmq`
/// and `intake-http` print both beside the service's own rate).
public enum IntakeStoreBenchmark {
    /// Tickets a second, each measured on a fresh SQLite file (`synchronous=FULL`).
    public struct Result: Sendable {
        /// Through ``TicketStore``'s own creation path (number, row, `ticket.received` envelope
        /// and outbox row, idempotency key), `window` callers at once sharing group commits, as
        /// the service's requests do: no parsing, entitlement, socket or answer.
        public let storePerSecond: Double
        /// The same rows (the same idempotency keys too), encoded in advance, written by the
        /// store's own statements, 512 tickets a transaction, with nothing else around them.
        /// What the engine and this disk allow at most.
        public let sqlitePerSecond: Double
    }

    /// Creates `tickets` tickets through a fresh store in `folder`, then writes their rows again
    /// into a second fresh file by SQLite alone. The files are left for the caller to remove.
    public static func run(tickets: Int, window: Int, folder: URL, logger: Logger) async throws -> Result {
        let account = Account(id: "bench", name: "Bench", plan: .plus)
        let requester = User(id: "u-bench", name: "Bench", email: "bench@example.com", account: "bench", teams: [])
        let factory = EventFactory(service: "intake")
        let storePath = folder.appendingPathComponent("intake-store-bench.sqlite").path
        let store = try TicketStore(location: .sqlite(path: storePath), logger: logger)
        defer { store.storage.close() }

        // The service's path: `window` callers at a time through the group commit.
        let started = ContinuousClock.now
        var created: [(key: TicketStore.IdempotencyKey, ticket: Ticket, envelope: Envelope, bytes: [UInt8])] = []
        created.reserveCapacity(tickets)
        try await withThrowingTaskGroup(of: (key: TicketStore.IdempotencyKey, ticket: Ticket, envelope: Envelope, bytes: [UInt8]).self) { group in
            var next = 0
            func add() {
                let n = next
                next += 1
                group.addTask {
                    let key = TicketStore.IdempotencyKey(tokenID: "bench", key: "k\(n)", requestHash: Array(repeating: 7, count: 32))
                    let creation = try await store.create(
                        account: account, requester: requester, channel: .portal, requestedType: nil,
                        subject: "load test: the bot stopped answering",
                        description: "Since 10:00 no customer gets an answer from the bot; it is down for everyone.",
                        idempotency: key,
                        factory: factory, now: Date(), traceParent: nil)
                    guard case .created(let ticket, let envelope, let bytes, _) = creation else {
                        throw StoreError.engine("ticket \(n) was not new")
                    }
                    return (key, ticket, envelope, bytes)
                }
            }
            while next < min(window, tickets) { add() }
            while let result = try await group.next() {
                created.append(result)
                if next < tickets { add() }
            }
        }
        let storeSeconds = (ContinuousClock.now - started).seconds
        let rows = try created.map { ($0.key, $0.ticket, try TicketStore.encoder.encode($0.ticket), $0.envelope, $0.bytes) }

        // SQLite alone: the same rows into a second fresh file with the same schema.
        let sqlitePath = folder.appendingPathComponent("intake-sqlite-bench.sqlite").path
        let bare = try Store(.sqlite(path: sqlitePath), schema: IntakeMigrations.schema, logger: logger)
        defer { bare.close() }
        let sqliteStarted = ContinuousClock.now
        for start in stride(from: 0, to: rows.count, by: 512) {
            let chunk = rows[start..<min(start + 512, rows.count)]
            try await bare.write { db in
                for (key, ticket, body, envelope, bytes) in chunk {
                    _ = try TicketStore.nextNumber(account: ticket.account, in: db)
                    try TicketStore.save(ticket, body: body, in: db, insert: true)
                    _ = try OutboxTable.insert(envelope, bytes: bytes, in: db)
                    try TicketStore.remember(key, ticketID: ticket.id, now: ticket.createdAt, in: db)
                }
            }
        }
        let sqliteSeconds = (ContinuousClock.now - sqliteStarted).seconds
        return Result(storePerSecond: Double(tickets) / storeSeconds, sqlitePerSecond: Double(rows.count) / sqliteSeconds)
    }
}
