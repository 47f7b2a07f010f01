import Foundation
import HTTPTypes
import SupportBus
import SupportDomain
import SupportStore

/// Replies, status changes and the SLA view: each change and its `ticket.updated` event commit
/// in one transaction.
extension TicketStore {
    /// What a change did: the ticket after it, and the event to publish and hand off.
    struct Change {
        var ticket: Ticket
        var envelope: Envelope
        var bytes: [UInt8]
        var items: [OutboxItem]
    }

    /// Where a change comes from: the directory for the event's summary, the factory and trace
    /// for the event, the time it happened.
    struct ChangeContext {
        var directory: Directory
        var factory: EventFactory
        var now: Date
        var traceParent: String?
    }

    /// The one path of every change: load (404), refuse a closed ticket (409), let `mutate`
    /// change it (and write what else it needs), then save it and its `ticket.updated` with the
    /// outbox rows, in one transaction.
    private func change(
        _ ticketID: String, _ kind: TicketUpdated.Change, author: TicketUpdated.Author = .agent, isPublic: Bool = false,
        body: String? = nil, _ context: ChangeContext, mutate: @escaping @Sendable (inout Ticket, any StoreConnection) throws -> Void
    ) async throws -> Change {
        try await committer.write { db in
            guard var ticket = try Self.load(id: ticketID, in: db, forUpdate: true) else { throw IntakeError.ticketNotFound(ticketID) }
            guard ticket.status != .closed else { throw IntakeError.closed(ticket) }
            let previous = ticket.status
            try mutate(&ticket, db)
            ticket.updatedAt = context.now
            try Self.save(ticket, in: db, insert: false)
            let update = TicketUpdated(
                ticket: try self.summary(ticket, context.directory), change: kind, status: ticket.status, previousStatus: previous,
                author: author, isPublic: isPublic, body: body, at: context.now)
            let envelope = context.factory.envelope(.ticketUpdated(update), now: context.now, traceParent: context.traceParent)
            let bytes = try EnvelopeCodec.encode(envelope)
            return Change(ticket: ticket, envelope: envelope, bytes: bytes, items: try OutboxTable.insert(envelope, bytes: bytes, in: db))
        }
    }

    /// Records a reply; a customer's reply may reopen or un-pend the ticket.
    func reply(
        ticketID: String, author: TicketUpdated.Author, isPublic: Bool, body: String, reopenWindow: TimeInterval,
        _ context: ChangeContext
    ) async throws -> Change {
        try await change(ticketID, .reply, author: author, isPublic: isPublic, body: body, context) { ticket, db in
            if author == .customer {
                guard
                    let next = ticket.status.afterCustomerReply(
                        resolvedAt: ticket.resolvedAt, now: context.now, reopenWindow: reopenWindow)
                else { throw IntakeError.closed(ticket) }
                ticket.status = next
            }
            try db.execute(
                "INSERT INTO reply (id, ticket_id, author, public, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(EventID.make(now: context.now)), .text(ticket.id), .text(author.rawValue), StoreValue(isPublic), .text(body),
                    .real(context.now.timeIntervalSince1970),
                ])
        }
    }

    /// Moves the ticket along its life cycle, or throws 409 for a move the life cycle forbids.
    func changeStatus(ticketID: String, to next: TicketStatus, _ context: ChangeContext) async throws -> Change {
        try await change(ticketID, .status, isPublic: true, context) { ticket, _ in
            guard ticket.status.allowsChange(to: next) else {
                throw IntakeError(
                    .conflict, code: "invalid_transition",
                    message: "A ticket cannot move from \(ticket.status.rawValue) to \(next.rawValue).")
            }
            ticket.status = next
            if next == .resolved { ticket.resolvedAt = context.now }
        }
    }

    /// An agent's correction of type or priority; the sla service recomputes the targets.
    func reclassify(ticketID: String, type: TicketType?, priority: Priority?, _ context: ChangeContext) async throws -> Change {
        try await change(ticketID, .classification, context) { ticket, _ in
            if let type { ticket.type = type }
            if let priority { ticket.priority = priority }
        }
    }

    /// Assigns the ticket to an agent and/or a team (both from the directory).
    func assign(ticketID: String, agent: String?, team: String?, _ context: ChangeContext) async throws -> Change {
        try await change(ticketID, .assignment, context) { ticket, _ in
            if let agent { ticket.assignee = agent }
            if let team { ticket.team = team }
        }
    }

    private func summary(_ ticket: Ticket, _ directory: Directory) throws -> TicketSummary {
        guard let account = directory.account(id: ticket.account), let user = directory.user(matching: ticket.requester) else {
            throw IntakeError(
                .conflict, code: "directory_mismatch",
                message: "The ticket's account or requester is no longer in the directory.")
        }
        return TicketSummary(ticket: ticket, account: account, requester: user)
    }

    /// Applies an `sla.*` event to the SLA view; a clock state older than the one stored (a
    /// resend arriving late) is ignored.
    static func applySLA(_ envelope: Envelope, in db: any StoreConnection) throws {
        let states: [ClockState]
        switch envelope.event {
        case .slaStarted(let started): states = started.clocks
        case .slaWarning(let e), .slaBreached(let e), .slaMet(let e), .slaPaused(let e), .slaResumed(let e): states = [e.clock]
        default: return
        }
        guard let ticketID = envelope.ticketID else { return }
        // A warning marks the clock at risk until it stops or restarts.
        let warned: Bool = if case .slaWarning = envelope.event { true } else { false }
        for state in states {
            let resets = state.state != .running || state.consumedSeconds == 0
            try db.execute(
                """
                INSERT INTO ticket_clock (ticket_id, kind, state, as_of, warned) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (ticket_id, kind) DO UPDATE SET state = excluded.state, as_of = excluded.as_of,
                warned = CASE WHEN excluded.warned = 1 THEN 1 WHEN ? = 1 THEN 0 ELSE ticket_clock.warned END
                WHERE excluded.as_of >= ticket_clock.as_of
                """,
                [
                    .text(ticketID), .text(state.kind.rawValue), .blob(try encoder.encode(state)),
                    .real(envelope.occurredAt.timeIntervalSince1970), StoreValue(warned), StoreValue(resets && !warned),
                ])
        }
        try refreshQueueColumns(ticketID, in: db)
    }

    /// Recomputes the queue's sort key (the earliest due time of a running clock) and the SLA
    /// state (breached, at risk, ok) from the ticket's clocks.
    static func refreshQueueColumns(_ ticketID: String, in db: any StoreConnection) throws {
        var nextDue: Double?
        var state = "ok"
        for row in try db.rows("SELECT state, warned FROM ticket_clock WHERE ticket_id = ?", [.text(ticketID)]) {
            let clock = try decoder.decode(ClockState.self, from: try row.bytes(0))
            if clock.breached && clock.state != .stopped {
                state = "breached"
            } else if try state == "ok" && row.int(1) == 1 && clock.state == .running {
                state = "at_risk"
            }
            if clock.state == .running, let due = clock.dueAt?.timeIntervalSince1970 { nextDue = min(nextDue ?? due, due) }
        }
        try db.execute("UPDATE ticket SET next_due_at = ?, sla_state = ? WHERE id = ?", [.optional(nextDue), .text(state), .text(ticketID)])
    }

    /// The clocks of a ticket as the sla service last reported them.
    func clocks(ticketID: String) async throws -> [ClockState] {
        try await storage.read { db in
            try db.rows("SELECT state FROM ticket_clock WHERE ticket_id = ? ORDER BY kind", [.text(ticketID)])
                .map { try Self.decoder.decode(ClockState.self, from: try $0.bytes(0)) }
        }
    }
}

extension IntakeError {
    static func ticketNotFound(_ id: String) -> IntakeError {
        IntakeError(.notFound, code: "ticket_not_found", message: "No ticket has id \(id).")
    }

    static func closed(_ ticket: Ticket) -> IntakeError {
        IntakeError(
            .conflict, code: "ticket_closed",
            message: "Ticket \(ticket.number) is \(ticket.status.rawValue) and takes no more changes; open a new ticket.")
    }
}
