import Foundation
import Logging
import Metrics
import SupportBus
import SupportDomain

/// What every channel does with a customer's message: the HTTP API, e-mail, WhatsApp and chat
/// all open tickets and add replies through here, so each applies the same entitlement rules
/// and produces the same events.
struct TicketDesk: Sendable {
    let store: TicketStore
    let directory: Directory
    let factory: EventFactory
    let bus: BusClient
    let sender: HandOffSender
    let reopenWindow: TimeInterval

    enum Opening: Sendable {
        /// `replayed`: the same idempotent request again, answered with the ticket it made.
        case created(Ticket, replayed: Bool)
        /// Refused, with the sentence the requester reads in their language; `ticket.rejected`
        /// has been emitted, so notification tells them on the channel they used.
        case refused(RefusalReason, message: String)
    }

    /// Opens a ticket if the requester is entitled to one on `channel`, else records the refusal.
    func open(
        account: String, requester: String, channel: Channel, requestedType: TicketType?, subject: String, description: String,
        idempotency: TicketStore.IdempotencyKey? = nil, preferredLanguage: Language? = nil, traceParent: String,
        logger: Logger
    ) async throws -> Opening {
        let now = Date()
        Self.received.increment(channel.rawValue)
        switch Entitlement.check(accountID: account, requester: requester, channel: channel, in: directory) {
        case .allowed(let account, let user):
            let creation = try await store.create(
                account: account, requester: user, channel: channel, requestedType: requestedType, subject: subject,
                description: description, idempotency: idempotency, factory: factory, now: now, traceParent: traceParent)
            switch creation {
            case .created(let ticket, let envelope, let bytes, let items):
                await emit(envelope, bytes, items)
                Self.created.increment(channel.rawValue)
                logger.info(
                    "ticket created",
                    metadata: envelope.logMetadata.merging(
                        ["ticket.number": "\(ticket.number)", "channel": "\(channel.rawValue)"]) { $1 })
                return .created(ticket, replayed: false)
            case .replayed(let earlier):
                return .created(earlier, replayed: true)
            }
        case .refused(let reason):
            let user = directory.user(matching: requester)
            let language = user?.language ?? preferredLanguage ?? .en
            let message = reason.message(in: language, supportEmail: directory.supportEmail)
            let rejected = TicketRejected(
                account: account, requester: requester, requesterEmail: user?.email, requesterPhone: user?.phone,
                channel: channel, reason: reason, language: language, message: message, subject: subject)
            let (envelope, bytes, items) = try await store.refuse(rejected, factory: factory, now: now, traceParent: traceParent)
            await emit(envelope, bytes, items)
            Self.refused.increment(channel.rawValue, reason.rawValue)
            logger.info(
                "ticket refused",
                metadata: envelope.logMetadata.merging(["reason": "\(reason.rawValue)", "channel": "\(channel.rawValue)"]) { $1 })
            return .refused(reason, message: message)
        }
    }

    /// Adds a customer's public reply (a resolved ticket reopens within the window).
    func customerReply(ticketID: String, body: String, traceParent: String?, logger: Logger) async throws -> TicketStore.Change {
        let change = try await store.reply(
            ticketID: ticketID, author: .customer, isPublic: true, body: body, reopenWindow: reopenWindow,
            .init(directory: directory, factory: factory, now: Date(), traceParent: traceParent))
        await emit(change.envelope, change.bytes, change.items)
        logger.info(
            "customer reply", metadata: change.envelope.logMetadata)
        return change
    }

    /// What became of one inbound channel message (e-mail, WhatsApp, chat).
    enum InboundOutcome: Sendable, Equatable {
        case opened(String)
        case replied(String)
        case refused(String)
        /// Dropped without an answer: a machine, a stranger, or a message already handled.
        case ignored(String)
    }

    /// Runs `body` once per inbound channel message: a platform or MTA that resends a message
    /// (`key`, e.g. `email:<Message-ID>`) gets `repeated` and nothing changes. The key is
    /// recorded after `body` commits, so a crash in between can repeat, never lose.
    func once<Outcome: Sendable>(
        _ key: String?, repeated: Outcome, _ body: () async throws -> Outcome
    ) async throws -> Outcome {
        if let key, try await store.wasProcessed(key) { return repeated }
        let outcome = try await body()
        if let key { try await store.markProcessed(key) }
        return outcome
    }

    /// Publishes and hands off what a committed change produced.
    func emit(_ envelope: Envelope, _ bytes: [UInt8], _ items: [OutboxItem]) async {
        bus.publish(envelope, bytes: bytes)
        await sender.send(items)
    }
}

extension TicketDesk {
    static let received = CounterFamily("supportdesk_tickets_received_total", labels: ["channel"])
    static let created = CounterFamily("supportdesk_tickets_created_total", labels: ["channel"])
    static let refused = CounterFamily("supportdesk_tickets_refused_total", labels: ["channel", "reason"])
}
