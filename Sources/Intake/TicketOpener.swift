import Crypto
import Foundation
import HTTPTypes
import Logging
import SupportDomain

/// A new ticket from an API caller, whatever the transport (HTTP `POST /v1/tickets`, the
/// ZeroMQ endpoint): the body checked, the caller's scope over the account, the idempotency key,
/// then the one ``TicketDesk`` path every channel takes.
struct TicketOpener: Sendable {
    let desk: TicketDesk

    /// The ticket, and whether it is an earlier request's (same idempotency key and body).
    /// Throws an ``IntakeError`` the transport turns into its answer (403 for a refusal).
    func open(
        caller: Principal, body data: Data, idempotencyKey: String?, traceParent: String, acceptLanguage: String?,
        logger: Logger
    ) async throws -> (Ticket, replayed: Bool) {
        let body = try NewTicketRequest(json: data)
        let idempotency = try Self.idempotency(idempotencyKey, caller: caller, body: data)
        guard caller.covers(account: body.account) else {
            throw IntakeError(
                .forbidden, code: "token_account_mismatch",
                message: "This token acts for account \(caller.account ?? "-") only.")
        }
        let opening = try await desk.open(
            account: body.account, requester: body.requester, channel: body.channel, requestedType: body.type,
            subject: body.subject, description: body.description, idempotency: idempotency,
            preferredLanguage: Language.preferred(acceptLanguage: acceptLanguage), traceParent: traceParent, logger: logger)
        switch opening {
        case .created(let ticket, let replayed): return (ticket, replayed)
        case .refused(let reason, let message): throw IntakeError(.forbidden, code: reason.rawValue, message: message)
        }
    }

    /// The stored form of a client's idempotency key: per token, with a hash of the body so a
    /// reused key with another body is a conflict, not a replay.
    static func idempotency(_ key: String?, caller: Principal, body: Data) throws -> TicketStore.IdempotencyKey? {
        guard let key else { return nil }
        guard (1...255).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            throw IntakeError.validation("Idempotency-Key must be 1–255 visible ASCII characters.")
        }
        return .init(tokenID: caller.tokenID, key: key, requestHash: Array(SHA256.hash(data: body)))
    }
}
