import Foundation
import Logging
import SupportDomain

/// What WhatsApp and the Smart Contact chat share: a message from a known person continues
/// their open ticket on that channel, or opens one under the same entitlement rules; a message
/// from an unknown number is dropped without an answer.
///
/// Both platforms resend a webhook they think failed, so each message id goes through
/// ``TicketDesk/once(_:repeated:_:)`` (intake's inbox table, pruned after a week).
struct MessagingHandler: Sendable {
    let desk: TicketDesk
    let logger: Logger

    typealias Outcome = TicketDesk.InboundOutcome

    func handle(messageID: String, sender: String, text: String, channel: Channel) async throws -> Outcome {
        try await desk.once("\(channel.rawValue):\(messageID)", repeated: .ignored("message already handled")) {
            try await act(sender: sender, text: text, channel: channel)
        }
    }

    private func act(sender: String, text: String, channel: Channel) async throws -> Outcome {
        guard let user = desk.directory.user(matching: sender) else {
            logger.notice("message from an unknown sender dropped", metadata: ["channel": "\(channel.rawValue)"])
            return .ignored("sender is not in the directory")
        }
        let body = String(text.prefix(NewTicketRequest.maximumDescriptionLength))
        let traceParent = TraceContext.traceParent(from: nil)
        if let ticket = try await desk.store.openTicket(requester: user.id, channel: channel) {
            do {
                let change = try await desk.customerReply(ticketID: ticket.id, body: body, traceParent: traceParent, logger: logger)
                return .replied(change.ticket.id)
            } catch let error as IntakeError where error.code == "ticket_closed" {
                // Closed meanwhile: the message opens a new ticket below.
            }
        }
        let firstLine = text.split(separator: "\n").first.map { String($0.prefix(80)) } ?? ""
        let subject = firstLine.trimmingCharacters(in: .whitespaces).isEmpty ? "(\(channel.rawValue) message)" : firstLine
        switch try await desk.open(
            account: user.account, requester: sender, channel: channel, requestedType: nil, subject: subject, description: body,
            traceParent: traceParent, logger: logger)
        {
        case .created(let ticket, _): return .opened(ticket.id)
        case .refused(let reason, _): return .refused(reason.rawValue)
        }
    }
}
