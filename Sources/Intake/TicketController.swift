import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SupportBus
import SupportDomain

/// The ticket routes of the HTTP API.
struct TicketController: Sendable {
    let desk: TicketDesk
    let maximumBodySize: Int
    let policy: SLAPolicy
    let reopenWindow: TimeInterval

    /// The project's byte writer (BENCHMARKS.md: about a sixth of a ZeroMQ ticket's request CPU went to
    /// Foundation's encoder building its tree); keys in declaration order, times as the bus writes them.
    static let encoder = StreamingJSONEncoder(dates: .timestamp)

    func register(on router: Router<IntakeRequestContext>) {
        router.post("/v1/tickets") { request, context in try await create(request, context: context) }
        router.get("/v1/tickets/{id}") { request, context in try await show(request, context: context) }
        router.post("/v1/tickets/{id}/replies") { request, context in try await reply(request, context: context) }
        router.post("/v1/tickets/{id}/status") { request, context in try await status(request, context: context) }
        router.get("/v1/tickets/{id}/sla") { request, context in try await sla(request, context: context) }
        router.post("/v1/tickets/{id}/classification") { request, context in try await reclassify(request, context: context) }
        router.post("/v1/tickets/{id}/assignment") { request, context in try await assign(request, context: context) }
        router.get("/v1/tickets") { request, context in try await list(request, context: context) }
    }

    /// The body of a JSON request: 415 unless JSON, 413 past the size limit.
    func jsonBody(_ request: Request) async throws -> Data {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw IntakeError(.unsupportedMediaType, code: "unsupported_media_type", message: "Send the body as application/json.")
        }
        do {
            return Data(try await request.body.collect(upTo: maximumBodySize).readableBytesView)
        } catch {
            throw IntakeError(.contentTooLarge, code: "body_too_large", message: "The body is larger than \(maximumBodySize) bytes.")
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    var store: TicketStore { desk.store }
    var directory: Directory { desk.directory }
    var factory: EventFactory { desk.factory }

    func emit(_ envelope: Envelope, _ bytes: [UInt8], _ items: [OutboxItem]) async { await desk.emit(envelope, bytes, items) }

    /// `POST /v1/tickets`: 201 after the ticket and its hand-off are committed; 403 with the
    /// reason in the requester's language when entitlement refuses it.
    func create(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let caller = try context.require(.ticketsCreate, .agent)
        let data = try await jsonBody(request)
        let traceParent = TraceContext.traceParent(from: request.headers[.traceParent])
        let (ticket, replayed) = try await TicketOpener(desk: desk).open(
            caller: caller, body: data, idempotencyKey: request.headers[.idempotencyKey], traceParent: traceParent,
            acceptLanguage: request.headers[.acceptLanguage], logger: context.logger)
        var headers: HTTPFields = [.traceParent: traceParent, .location: "/v1/tickets/\(ticket.id)"]
        // The same request again: the ticket it created, not a second one.
        if replayed { headers[.idempotentReplayed] = "true" }
        return try Self.json(ticket, status: .created, headers: headers)
    }

    /// `GET /v1/tickets/{id}`.
    func show(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let caller = try context.require(.ticketsRead, .agent)
        let ticket = try await visibleTicket(context.parameters.require("id"), to: caller)
        return try Self.json(ticket)
    }

    /// The ticket, if it exists and the caller's token covers its account (403 otherwise).
    func visibleTicket(_ id: String, to caller: Principal) async throws -> Ticket {
        guard id.count <= 64, let ticket = try await store.ticket(id: id) else { throw IntakeError.ticketNotFound(id) }
        guard caller.covers(account: ticket.account) else {
            throw IntakeError(.forbidden, code: "token_account_mismatch", message: "This token acts for account \(caller.account ?? "-") only.")
        }
        return ticket
    }

    /// The ticket id of an agent route, after checking the scope and that an account-bound
    /// token covers the ticket's account.
    func boundTicketID(_ context: IntakeRequestContext) async throws -> String {
        let caller = try context.require(.agent)
        let id = try context.parameters.require("id")
        if caller.account != nil { _ = try await visibleTicket(id, to: caller) }
        return id
    }

    /// The context of a change made by `request` now.
    func changeContext(_ request: Request) -> TicketStore.ChangeContext {
        .init(
            directory: directory, factory: factory, now: Date(),
            traceParent: TraceContext.traceParent(from: request.headers[.traceParent]))
    }

    /// Publishes a committed change, logs it, and answers with the ticket.
    func answer(_ change: TicketStore.Change, status: HTTPResponse.Status = .ok, context: IntakeRequestContext) async throws
        -> Response
    {
        await emit(change.envelope, change.bytes, change.items)
        context.logger.info(
            "ticket changed",
            metadata: change.envelope.logMetadata.merging(["status": "\(change.ticket.status.rawValue)"]) { $1 })
        return try Self.json(change.ticket, status: status)
    }

    /// `POST /v1/tickets/{id}/replies`: records the reply and emits `ticket.updated`.
    func reply(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let caller = try context.require(.agent, .ticketsCreate)
        let id = try context.parameters.require("id")
        let body = try ReplyRequest(json: try await jsonBody(request))
        if !caller.has(.agent) && body.author != .customer {
            // A portal token speaks for customers only.
            throw IntakeError(.forbidden, code: "insufficient_scope", message: "Agent replies need the scope agent.")
        }
        if caller.account != nil { _ = try await visibleTicket(id, to: caller) }
        let change = try await store.reply(
            ticketID: id, author: body.author, isPublic: body.isPublic, body: body.body, reopenWindow: reopenWindow,
            changeContext(request))
        return try await answer(change, status: .created, context: context)
    }

    /// `POST /v1/tickets/{id}/status`: moves the ticket along its life cycle (409 otherwise).
    func status(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let id = try await boundTicketID(context)
        let body = try StatusRequest(json: try await jsonBody(request))
        let change = try await store.changeStatus(ticketID: id, to: body.status, changeContext(request))
        return try await answer(change, context: context)
    }

    /// `POST /v1/tickets/{id}/classification`: an agent corrects type or priority; SLA targets
    /// are recomputed from the ticket's creation, keeping paused time.
    func reclassify(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let id = try await boundTicketID(context)
        let body = try ReclassifyRequest(json: try await jsonBody(request))
        let change = try await store.reclassify(ticketID: id, type: body.type, priority: body.priority, changeContext(request))
        return try await answer(change, context: context)
    }

    /// `GET /v1/tickets`: the queue, filtered, sorted by next SLA due by default, a page at a
    /// time (`nextCursor` fetches the next page). An account-bound token sees its account only.
    func list(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let caller = try context.require(.ticketsRead, .agent)
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard parameters[name] == nil else { throw IntakeError.validation("Give \"\(name)\" once.") }
            parameters[name] = String(value)
        }
        var query = try TicketQuery(parameters: parameters)
        if let account = caller.account {
            if let asked = parameters["account"], asked != account {
                throw IntakeError(.forbidden, code: "token_account_mismatch", message: "This token acts for account \(account) only.")
            }
            query.filters.removeAll { $0.column == "account" }
            query.filters.append(("account", account))
        }
        let (tickets, next) = try await store.list(query)
        struct Page: Encodable {
            let tickets: [Ticket]
            let nextCursor: String?
        }
        return try Self.json(Page(tickets: tickets, nextCursor: next))
    }

    /// `POST /v1/tickets/{id}/assignment`: to an agent and/or a team of the directory.
    func assign(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let id = try await boundTicketID(context)
        let body = try AssignmentRequest(json: try await jsonBody(request), directory: directory)
        let change = try await store.assign(ticketID: id, agent: body.agent, team: body.team, changeContext(request))
        return try await answer(change, context: context)
    }

    /// `GET /v1/tickets/{id}/sla`: every clock with its due time in UTC and in its calendar's
    /// zone, the business time left, and whether it is paused, met or breached.
    func sla(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let caller = try context.require(.ticketsRead, .agent)
        let id = try context.parameters.require("id")
        _ = try await visibleTicket(id, to: caller)
        let now = Date()
        let clocks = try await store.clocks(ticketID: id).map { SLAView.Clock($0, policy: policy, now: now) }
        return try Self.json(SLAView(ticketId: id, asOf: now, clocks: clocks))
    }
}

extension TicketController {
    /// The `Idempotency-Key` header, if any: 1–255 visible ASCII characters, scoped to the token.
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let traceParent = HTTPField.Name("traceparent")!
}
