import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SupportBus
import SupportDomain

/// The ticket routes of the HTTP API.
struct TicketController: Sendable {
    let store: TicketStore
    let directory: Directory
    let factory: EventFactory
    let bus: BusClient
    let sender: HandOffSender
    let maximumBodySize: Int

    static let encoder = EnvelopeCodec.makeEncoder()

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/tickets") { request, context in try await create(request, context: context) }
        router.get("/v1/tickets/{id}") { request, context in try await show(request, context: context) }
    }

    /// `POST /v1/tickets`: 201 after the ticket and its hand-off are committed; 403 with the
    /// reason in the requester's language when entitlement refuses it.
    func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw IntakeError(
                .unsupportedMediaType, code: "unsupported_media_type", message: "Send the ticket as application/json.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw IntakeError(
                .contentTooLarge, code: "body_too_large", message: "The body is larger than \(maximumBodySize) bytes.")
        }
        let body = try NewTicketRequest(json: Data(buffer.readableBytesView))
        let traceParent = TraceContext.traceParent(from: request.headers[.traceParent])
        let now = Date()
        switch Entitlement.check(
            accountID: body.account, requester: body.requester, channel: body.channel, in: directory)
        {
        case .allowed(let account, let requester):
            let (ticket, envelope, bytes, items) = try await store.create(
                account: account, requester: requester, channel: body.channel, requestedType: body.type,
                subject: body.subject, description: body.description, factory: factory, now: now,
                traceParent: traceParent)
            bus.publish(envelope, bytes: bytes)
            await sender.send(items)
            context.logger.info(
                "ticket created",
                metadata: ["ticket.id": "\(ticket.id)", "event.id": "\(envelope.id)", "ticket.number": "\(ticket.number)"])
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            headers[.location] = "/v1/tickets/\(ticket.id)"
            headers[.traceParent] = traceParent
            return Response(
                status: .created, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: try Self.encoder.encode(ticket))))
        case .refused(let reason):
            let user = directory.user(matching: body.requester)
            let language =
                user?.language ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? .en
            let message = reason.message(in: language, supportEmail: directory.supportEmail)
            let rejected = TicketRejected(
                account: body.account, requester: body.requester, requesterEmail: user?.email,
                requesterPhone: user?.phone, channel: body.channel, reason: reason, language: language,
                message: message, subject: body.subject)
            let (envelope, bytes, items) = try await store.refuse(
                rejected, factory: factory, now: now, traceParent: traceParent)
            bus.publish(envelope, bytes: bytes)
            await sender.send(items)
            context.logger.info("ticket refused", metadata: ["event.id": "\(envelope.id)", "reason": "\(reason.rawValue)"])
            throw IntakeError(.forbidden, code: reason.rawValue, message: message)
        }
    }

    /// `GET /v1/tickets/{id}`.
    func show(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard id.count <= 64, let ticket = try await store.ticket(id: id) else {
            throw IntakeError(.notFound, code: "ticket_not_found", message: "No ticket has id \(id).")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try Self.encoder.encode(ticket))))
    }
}

extension HTTPField.Name {
    static let traceParent = HTTPField.Name("traceparent")!
}
