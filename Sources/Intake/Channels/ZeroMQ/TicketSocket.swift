import Foundation
import HTTPTypes
import Logging
import SupportBus
import ZeroMQ

/// Tickets over ZeroMQ (protocol SDT1): a ROUTER socket for integrators that submit in volume
/// and would rather keep one pipelined connection than many HTTP requests.
///
/// A client (DEALER) sends `["SDT1", request id, "Bearer sdk_…", ticket JSON]` (a fifth frame
/// may carry a W3C `traceparent`) and gets `["SDT1", request id, status, JSON]` back once the
/// ticket is durable: the same body, checks, statuses and error shape as `POST /v1/tickets`.
/// The request id is the request's idempotency key, so a client that hears nothing resends
/// the same request and gets the same ticket, never a second one (the Lazy Pirate pattern).
/// Requests are handled concurrently and commit together, so a pipelining client is limited
/// by the store's group commit, not by round trips.
struct TicketSocket: Sendable {
    let endpoint: IntakeConfiguration.ZeroMQEndpoint
    let opener: TicketOpener
    let gate: RequestGate
    let logger: Logger
    /// Requests handled at once; more wait in the socket (its high-water mark pushes back).
    var maximumInFlight = 4096

    static let tag = "SDT1"

    func run() async throws {
        var options: [(SocketOption<Int32>, Int32)] = [(.sendHighWaterMark, 100_000), (.receiveHighWaterMark, 100_000)]
        var byteOptions: [(SocketOption<[UInt8]>, [UInt8])] = []
        if let keyPair = endpoint.keyPair {
            // A CURVE server: clients need intake's public key; the token says who they are.
            options.append((.curveServer, 1))
            byteOptions.append((.curveSecretKey, Array(keyPair.secretKey.utf8)))
        }
        let loop = SocketLoop(
            context: try Context(), name: "intake-zmq",
            sockets: [SocketSpec(.router, bind: [endpoint.bind], options: options, byteOptions: byteOptions, maximumMessageSize: 2 << 20)])
        try await loop.start()
        logger.info(
            "tickets over ZeroMQ", metadata: ["bind": "\(endpoint.bind)", "security": "\(endpoint.keyPair == nil ? "plain text" : "CURVE")"])
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for await message in loop.messages(from: 0) {
                if inFlight >= maximumInFlight {
                    await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask {
                    if let reply = await answer(message) { loop.send(reply, on: 0) }
                }
            }
        }
        await loop.stop()
    }

    /// The reply to one request (routing id first), or nil for frames too broken to answer.
    func answer(_ message: Multipart) async -> Multipart? {
        guard message.count >= 2 else { return nil }
        let peer = message[0]
        let requestID = message.count >= 3 ? message.string(at: 2) ?? "" : ""
        func reply(_ status: Int, _ body: [UInt8]) -> Multipart {
            Multipart([peer, Array(Self.tag.utf8), Array(requestID.utf8), Array(String(status).utf8), body])
        }
        do {
            guard message.string(at: 1) == Self.tag, message.count == 5 || message.count == 6 else {
                throw IntakeError(
                    .badRequest, code: "malformed_request",
                    message: "Expected the frames SDT1, request id, authorization, ticket JSON [, traceparent].")
            }
            guard !requestID.isEmpty else {
                throw IntakeError(.badRequest, code: "malformed_request", message: "The request id frame is empty; it is the idempotency key.")
            }
            let admission = try await gate.admit(authorization: message.string(at: 3))
            guard admission.principal.has(.ticketsCreate) || admission.principal.has(.agent) else {
                throw IntakeError(.forbidden, code: "insufficient_scope", message: "This token needs the scope tickets:create or agent.")
            }
            let traceParent = TraceContext.traceParent(from: message.count == 6 ? message.string(at: 5) : nil)
            let (ticket, _) = try await opener.open(
                caller: admission.principal, body: Data(message[4]), idempotencyKey: requestID, traceParent: traceParent,
                acceptLanguage: nil, logger: logger)
            return reply(201, Array(try TicketController.encoder.encode(ticket)))
        } catch {
            let shaped = ErrorShapeMiddleware<IntakeRequestContext>.shape(error, logger: logger)
            let body = (try? JSONEncoder().encode(ErrorBody(error: .init(code: shaped.code, message: shaped.message)))) ?? Data()
            return reply(Int(shaped.status.code), Array(body))
        }
    }
}
