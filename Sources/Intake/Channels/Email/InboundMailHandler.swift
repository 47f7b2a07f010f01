import Foundation
import Logging
import SupportDomain

/// Turns one received e-mail into a ticket or a reply, under the same rules as every channel.
///
/// Machine-written mail (bounces, auto-replies, lists) and mail from senders who are not in
/// the directory are accepted and dropped without an answer: answering them is how reply storms
/// between two helpdesks start. A reply is matched to its ticket by the thread ids our own
/// messages carry (`<ticket-ID@…>` in In-Reply-To/References), or else by `[#123]` in the
/// subject when that ticket belongs to the sender's account — so a customer's answer never
/// becomes a duplicate ticket.
struct InboundMailHandler: Sendable {
    let desk: TicketDesk
    let logger: Logger

    typealias Outcome = TicketDesk.InboundOutcome

    func handle(_ raw: [UInt8], envelopeSender: String) async throws -> Outcome {
        let mail = try MIMEParser.parse(raw)
        // An MTA that did not hear our 250 (we died after the commit) sends the mail again:
        // its Message-ID, remembered once handled, makes the second copy change nothing.
        return try await desk.once(mail.messageID.map { "email:\($0)" }, repeated: .ignored("already recorded (same Message-ID)")) {
            try await act(mail, envelopeSender: envelopeSender)
        }
    }

    private func act(_ mail: InboundMail, envelopeSender: String) async throws -> Outcome {
        if envelopeSender.isEmpty { return ignore("null sender (a bounce)", mail) }
        if let reason = mail.automaticReason { return ignore("automatic mail: \(reason)", mail) }
        guard let address = mail.fromAddress, let user = desk.directory.user(matching: address) else {
            return ignore("sender \(mail.fromAddress ?? "-") is not in the directory", mail)
        }
        let text = ReplyTrimmer.trim(mail.text) + Self.attachmentNote(mail.attachments)
        let traceParent = TraceContext.traceParent(from: nil)
        if let ticket = try await thread(of: mail, user: user) {
            do {
                let change = try await desk.customerReply(
                    ticketID: ticket.id, body: String(text.prefix(NewTicketRequest.maximumDescriptionLength)),
                    traceParent: traceParent, logger: logger)
                return .replied(change.ticket.id)
            } catch let error as IntakeError where error.code == "ticket_closed" {
                logger.info("reply to a closed ticket opens a new one", metadata: ["ticket.id": "\(ticket.id)"])
            }
        }
        let subject = mail.subject.isEmpty ? "(no subject)" : mail.subject
        switch try await desk.open(
            account: user.account, requester: address, channel: .email, requestedType: nil,
            subject: String(subject.prefix(NewTicketRequest.maximumSubjectLength)),
            description: String(text.prefix(NewTicketRequest.maximumDescriptionLength)), traceParent: traceParent, logger: logger)
        {
        case .created(let ticket, _): return .opened(ticket.id)
        case .refused(let reason, _): return .refused(reason.rawValue)
        }
    }

    /// The ticket this mail answers, if any.
    func thread(of mail: InboundMail, user: User) async throws -> Ticket? {
        for id in mail.referencedIDs {
            guard id.hasPrefix("<ticket-"), let at = id.lastIndex(of: "@") else { continue }
            let ticketID = String(id[id.index(id.startIndex, offsetBy: 8)..<at])
            if let ticket = try await desk.store.ticket(id: ticketID), ticket.account == user.account { return ticket }
        }
        if let number = Self.ticketNumber(inSubject: mail.subject),
            let ticket = try await desk.store.ticket(number: number, account: user.account)
        {
            return ticket
        }
        return nil
    }

    /// `[#123]` anywhere in a subject (as our notifications write it).
    static func ticketNumber(inSubject subject: String) -> Int? {
        guard let open = subject.range(of: "[#") else { return nil }
        let digits = subject[open.upperBound...].prefix { $0.isNumber }
        guard !digits.isEmpty, subject[open.upperBound...].dropFirst(digits.count).first == "]" else { return nil }
        return Int(digits)
    }

    static func attachmentNote(_ attachments: [InboundMail.Attachment]) -> String {
        guard !attachments.isEmpty else { return "" }
        let list = attachments.map { "- \($0.name) (\($0.type), \($0.size) bytes)" }.joined(separator: "\n")
        return "\n\nAttachments:\n" + list
    }

    private func ignore(_ reason: String, _ mail: InboundMail) -> Outcome {
        logger.notice(
            "inbound mail dropped without an answer",
            metadata: ["reason": "\(reason)", "message.id": "\(mail.messageID ?? "-")", "from": "\(mail.fromAddress ?? "-")"])
        return .ignored(reason)
    }
}
