import Foundation
import HTTPTypes
public import Logging
import SupportBus
import SupportDomain
public import SupportStore

/// Intake's system of record: tickets, refusals and the outbox, in one SQLite file or in a
/// PostgreSQL database that several intakes share.
///
/// Every state change and the events it owes are written in one transaction, and a caller hears
/// success only after that transaction is durable, so a ticket that got its 201 can never be
/// lost nor lack its `ticket.received` hand-off. Across instances on PostgreSQL, ticket numbers
/// come from a per-account counter row (locked until commit), and a change locks its ticket.
public final class TicketStore: Sendable {
    let storage: Store
    /// Ticket creations, refusals and changes from concurrent requests commit together, one
    /// `fsync` per batch; each request is still answered only after its batch is durable.
    let committer: GroupCommit

    /// Opens (creating if needed) the SQLite store at `path` and runs every migration.
    public convenience init(path: String) throws {
        try self.init(location: .sqlite(path: path), logger: Logger(label: "support.intake.store"))
    }

    /// Opens the store at `location` and runs every migration.
    public init(location: StoreLocation, logger: Logger) throws {
        storage = try Store(location, schema: IntakeMigrations.schema, logger: logger)
        committer = GroupCommit(store: storage)
    }

    /// Commits a new ticket and its `ticket.received` event; returns the ticket, the envelope
    /// (to publish) and the hand-offs owed (to send).
    /// A client's promise that a request is the same one again: the token, its key, and a hash
    /// of the body.
    struct IdempotencyKey: Sendable {
        var tokenID: String
        var key: String
        var requestHash: [UInt8]
    }

    /// What creating did: a new ticket with the event to publish, or the ticket an earlier
    /// request with the same idempotency key created.
    enum Creation {
        case created(Ticket, Envelope, [UInt8], [OutboxItem])
        case replayed(Ticket)
    }

    func create(
        account: Account, requester: User, channel: Channel, requestedType: TicketType?, subject: String,
        description: String, idempotency: IdempotencyKey?, factory: EventFactory, now: Date, traceParent: String?
    ) async throws -> Creation {
        try await committer.write { db in
            if let idempotency,
                let row = try db.row(
                    "SELECT request_hash, ticket_id FROM idempotency_key WHERE token_id = ? AND key = ?",
                    [.text(idempotency.tokenID), .text(idempotency.key)])
            {
                guard try row.bytes(0) == idempotency.requestHash else {
                    throw IntakeError(
                        .conflict, code: "idempotency_key_reused",
                        message: "This Idempotency-Key was used with a different request; use a new key.")
                }
                let id = try row.string(1)
                guard let ticket = try Self.load(id: id, in: db) else { throw IntakeError.ticketNotFound(id) }
                return .replayed(ticket)
            }
            // The counter row stays locked until the transaction commits, so instances sharing a
            // PostgreSQL store hand out each account's numbers one at a time, in order.
            let number = try Self.nextNumber(account: account.id, in: db)
            let ticket = Ticket(
                id: EventID.make(now: now), number: number, account: account.id, requester: requester.id,
                channel: channel, requestedType: requestedType, subject: subject, description: description,
                createdAt: now, updatedAt: now)
            try Self.save(ticket, in: db, insert: true)
            let summary = TicketSummary(ticket: ticket, account: account, requester: requester)
            let envelope = factory.envelope(
                .ticketReceived(TicketReceived(ticket: summary, requestedType: requestedType, description: description)),
                now: now, traceParent: traceParent)
            let bytes = try EnvelopeCodec.encode(envelope)
            let items = try OutboxTable.insert(envelope, bytes: bytes, in: db)
            if let idempotency { try Self.remember(idempotency, ticketID: ticket.id, now: now, in: db) }
            return .created(ticket, envelope, bytes, items)
        }
    }

    /// The account's next ticket number. The counter row stays locked until the transaction
    /// commits (see `create`).
    static func nextNumber(account: String, in db: any StoreConnection) throws -> Int {
        try db.row(
            """
            INSERT INTO account_counter (account, last) VALUES (?, 1)
            ON CONFLICT (account) DO UPDATE SET last = account_counter.last + 1 RETURNING last
            """, [.text(account)])!.int(0)
    }

    /// Keeps `idempotency` as the request that created `ticketID`.
    static func remember(_ idempotency: IdempotencyKey, ticketID: String, now: Date, in db: any StoreConnection) throws {
        try db.execute(
            "INSERT INTO idempotency_key (token_id, key, request_hash, ticket_id, created_at) VALUES (?, ?, ?, ?, ?)",
            [
                .text(idempotency.tokenID), .text(idempotency.key), .blob(idempotency.requestHash), .text(ticketID),
                .real(now.timeIntervalSince1970),
            ])
    }

    /// Keys are honoured for a day: long enough for any retry, short enough to stay small.
    static func pruneIdempotencyKeys(_ db: any StoreConnection, now: Date) throws {
        try db.execute("DELETE FROM idempotency_key WHERE created_at < ?", [.real(now.timeIntervalSince1970 - 86_400)])
    }

    /// Records a refusal and its `ticket.rejected` event in one transaction.
    func refuse(_ rejected: TicketRejected, factory: EventFactory, now: Date, traceParent: String?) async throws
        -> (Envelope, [UInt8], [OutboxItem])
    {
        try await committer.write { db in
            let envelope = factory.envelope(.ticketRejected(rejected), now: now, traceParent: traceParent)
            try db.execute(
                "INSERT INTO refusal (event_id, account, requester, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(envelope.id), .text(rejected.account), .text(rejected.requester), .text(rejected.reason.rawValue),
                    .real(now.timeIntervalSince1970),
                ])
            let bytes = try EnvelopeCodec.encode(envelope)
            return (envelope, bytes, try OutboxTable.insert(envelope, bytes: bytes, in: db))
        }
    }

    /// The ticket with `id`, or nil.
    public func ticket(id: String) async throws -> Ticket? {
        try await storage.read { db in try Self.load(id: id, in: db) }
    }

    /// Whether an inbound channel message (`<channel>:<platform id>`) was handled already.
    func wasProcessed(_ key: String) async throws -> Bool {
        try await storage.read { db in try db.row("SELECT 1 FROM inbox WHERE event_id = ?", [.text(key)]) != nil }
    }

    /// Remembers an inbound channel message as handled (pruned with the inbox after a week).
    func markProcessed(_ key: String) async throws {
        _ = try await storage.write { db in try OutboxTable.markProcessed(key, at: Date().timeIntervalSince1970, in: db) }
    }

    /// The ticket of `account` with `number` (the `#123` customers see in subjects; numbers
    /// count per account), or nil.
    func ticket(number: Int, account: String) async throws -> Ticket? {
        try await storage.read { db in
            guard let row = try db.row("SELECT id FROM ticket WHERE account = ? AND number = ?", [.text(account), StoreValue(number)])
            else { return nil }
            return try Self.load(id: try row.string(0), in: db)
        }
    }

    /// The newest ticket `requester` opened on `channel` that is not closed or resolved, or nil:
    /// a new WhatsApp or chat message from them continues it.
    func openTicket(requester: String, channel: Channel) async throws -> Ticket? {
        try await storage.read { db in
            guard
                let row = try db.row(
                    """
                    SELECT id FROM ticket WHERE requester = ? AND channel = ?
                    AND status NOT IN ('closed', 'resolved') ORDER BY created_at DESC LIMIT 1
                    """, [.text(requester), .text(channel.rawValue)])
            else { return nil }
            return try Self.load(id: try row.string(0), in: db)
        }
    }

    /// Applies delivered events in one transaction: classification verdicts open tickets, SLA
    /// events feed the SLA view. A redelivered event (already in the inbox) changes nothing.
    func apply(_ envelopes: [Envelope]) async throws {
        try await storage.write { db in
            var fresh = try OutboxTable.markProcessed(envelopes.map(\.id), at: Date().timeIntervalSince1970, in: db)
            for envelope in envelopes where fresh.remove(envelope.id) != nil {
                switch envelope.event {
                case .ticketClassified(let classified): try Self.applyClassified(envelope, classified, in: db)
                case .slaStarted, .slaWarning, .slaBreached, .slaMet, .slaPaused, .slaResumed: try Self.applySLA(envelope, in: db)
                default: break
                }
            }
        }
    }

    /// Records the classifier's verdict and opens the ticket.
    static func applyClassified(_ envelope: Envelope, _ classified: TicketClassified, in db: any StoreConnection) throws {
        guard var ticket = try load(id: classified.ticket.id, in: db, forUpdate: true) else { return }
        ticket.classification = classified.classification
        // An agent's correction that arrived first wins over the classifier.
        if ticket.type == nil { ticket.type = classified.ticket.type }
        if ticket.priority == nil { ticket.priority = classified.ticket.priority }
        ticket.language = classified.classification.language
        ticket.typeMismatch = classified.typeMismatch
        if ticket.status == .new { ticket.status = .open }
        ticket.updatedAt = envelope.occurredAt
        try save(ticket, in: db, insert: false)
    }

    /// One page of the queue.
    func list(_ query: TicketQuery) async throws -> ([Ticket], String?) {
        try await storage.read { db in
            let (rows, next) = try query.fetch(in: db)
            return (try rows.map { try Self.decoder.decode(Ticket.self, from: $0) }, next)
        }
    }

    /// Creates an access token; returns its text, which is shown once and never stored.
    public func createToken(name: String, scopes: [Scope], account: String?) async throws -> String {
        try await storage.write { db in try AccessToken.create(name: name, scopes: scopes, account: account, in: db) }
    }

    public func tokens() async throws -> [AccessToken.Record] {
        try await storage.read { db in try AccessToken.list(in: db) }
    }

    /// Revokes a token; running intakes stop accepting it within their refresh interval.
    public func revokeToken(id: String) async throws -> Bool {
        try await storage.write { db in try AccessToken.revoke(id: id, in: db) }
    }

    /// Records dead letters in this store (see `supportctl deadletters`).
    func bury(_ entry: DeadLetterTable.Entry) async throws {
        try await storage.write { db in try DeadLetterTable.insert(entry, in: db) }
    }

    /// Deletes outbox rows whose hand-offs were acknowledged.
    func acknowledged(_ keys: [OutboxKey]) async throws {
        try await storage.writeUnsynced { db in try OutboxTable.delete(keys, in: db) }
    }

    /// Hand-offs still owed, to resend at start-up.
    func pendingOutbox() async throws -> [OutboxItem] {
        try await storage.read { db in try OutboxTable.pending(in: db) }
    }

    /// Rows only this store reads: written and read by the project's byte coders, with the
    /// bus's time format.
    static let encoder = StreamingJSONEncoder(dates: .timestamp)
    static let decoder = JSONByteDecoder(dates: .timestamp)

    static func save(_ ticket: Ticket, in db: any StoreConnection, insert: Bool) throws {
        try save(ticket, body: try encoder.encode(ticket), in: db, insert: insert)
    }

    /// The same with the row's body already encoded (`IntakeStoreBenchmark`'s SQLite alone).
    static func save(_ ticket: Ticket, body: [UInt8], in db: any StoreConnection, insert: Bool) throws {
        let columns: [StoreValue] = [
            .text(ticket.status.rawValue), .real(ticket.updatedAt.timeIntervalSince1970), .blob(body), .optional(ticket.type?.rawValue),
            .optional(ticket.priority?.rawValue), .text(ticket.channel.rawValue), .optional(ticket.language?.rawValue),
            .optional(ticket.assignee), .optional(ticket.team),
        ]
        if insert {
            try db.execute(
                """
                INSERT INTO ticket (id, number, account, requester, created_at, status, updated_at, body, type,
                priority, channel, language, assignee, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(ticket.id), StoreValue(ticket.number), .text(ticket.account), .text(ticket.requester),
                    .real(ticket.createdAt.timeIntervalSince1970),
                ] + columns)
        } else {
            try db.execute(
                """
                UPDATE ticket SET status = ?, updated_at = ?, body = ?, type = ?, priority = ?, channel = ?,
                language = ?, assignee = ?, team = ? WHERE id = ?
                """, columns + [.text(ticket.id)])
        }
    }

    /// The ticket with `id`; `forUpdate` locks its row until the transaction ends on PostgreSQL,
    /// where another intake may change the same ticket at the same moment (SQLite has one writer).
    static func load(id: String, in db: any StoreConnection, forUpdate: Bool = false) throws -> Ticket? {
        let lock = forUpdate && db.engine == .postgres ? " FOR UPDATE" : ""
        guard let row = try db.row("SELECT body FROM ticket WHERE id = ?" + lock, [.text(id)]) else { return nil }
        return try decoder.decode(Ticket.self, from: try row.bytes(0))
    }
}

extension TicketSummary {
    /// The summary downstream events carry, from intake's records.
    init(ticket: Ticket, account: Account, requester: User) {
        self.init(
            id: ticket.id, number: ticket.number, account: ticket.account, planGroup: account.plan.group ?? .standard,
            requester: requester.id, requesterName: requester.name, requesterEmail: requester.email,
            requesterPhone: requester.phone, requesterLanguage: requester.preferredLanguage,
            requesterTimeZone: requester.timeZone, channel: ticket.channel, subject: ticket.subject,
            type: ticket.type, priority: ticket.priority, createdAt: ticket.createdAt)
    }
}
