import Foundation
import SupportBus
import SupportDomain

/// Turns events into messages for people, in their language and time zone.
///
/// Which events notify whom follows SPEC "Notifications": the requester hears of receipt (with
/// the first-response target), refusal, public agent replies and resolution; agents and leads
/// hear of SLA warnings and breaches.
public struct MessageRenderer: Sendable {
    public let directory: Directory
    public let templates: TemplateLibrary
    /// Zone used for a requester with none set.
    public var defaultTimeZone = "America/Sao_Paulo"

    public init(directory: Directory, templates: TemplateLibrary) {
        self.directory = directory
        self.templates = templates
    }

    /// The messages `envelope` causes; empty when it notifies nobody.
    public func messages(for envelope: Envelope) -> [Message] {
        switch envelope.event {
        case .slaStarted(let started):
            return [acknowledgement(started, eventID: envelope.id)]
        case .ticketRejected(let rejected):
            return refusal(rejected, eventID: envelope.id).map { [$0] } ?? []
        case .ticketUpdated(let updated):
            return update(updated, eventID: envelope.id).map { [$0] } ?? []
        case .slaWarning(let clock), .slaBreached(let clock):
            return escalation(clock, breached: envelope.topic == .slaBreached, eventID: envelope.id)
        default:
            return []
        }
    }

    private func requesterMessage(
        _ ticket: TicketSummary, template: String, eventID: String, subject: String, body: String
    ) -> Message {
        let (channel, recipient) = Self.route(channel: ticket.channel, email: ticket.requesterEmail, phone: ticket.requesterPhone)
        return Message(
            deliveryID: EventID.derived(from: eventID, salt: "\(template)/\(ticket.requester)"), ticketID: ticket.id,
            template: template, channel: channel, recipient: recipient ?? ticket.requesterEmail,
            language: ticket.requesterLanguage, subject: subject, body: body)
    }

    /// Where a requester who wrote on `channel` is answered (SPEC: "on their channel where
    /// possible"): WhatsApp back to WhatsApp when the number is known, chat back to the chat
    /// (addressed by the e-mail or number the chat named them by); the portal, e-mail and phone
    /// by e-mail.
    static func route(channel: Channel, email: String?, phone: String?) -> (channel: String, recipient: String?) {
        switch channel {
        case .whatsapp:
            if let phone, !phone.isEmpty { return ("whatsapp", phone) }
        case .chat:
            if let recipient = email ?? phone, !recipient.isEmpty { return ("chat", recipient) }
        default:
            break
        }
        return ("email", email)
    }

    private func local(_ date: Date?, _ zone: String?) -> String {
        guard let date else { return "—" }
        return Timestamp.local(date, timeZone: zone ?? defaultTimeZone)
    }

    func acknowledgement(_ started: SLAStarted, eventID: String) -> Message {
        let t = started.ticket
        let due = local(started.clocks.first { $0.kind == .firstResponse }?.dueAt, t.requesterTimeZone)
        let (subject, body) = templates.render(
            "ticket.acknowledgement", language: t.requesterLanguage,
            ["number": t.number, "subject": t.subject, "requesterName": t.requesterName, "due": due])
        // Keyed by the ticket, not the event: a ticket is acknowledged once, even if its clocks
        // are restarted (type change, policy change) and sla.started is sent again.
        return requesterMessage(t, template: "ticket.acknowledgement", eventID: t.id, subject: subject, body: body)
    }

    func refusal(_ rejected: TicketRejected, eventID: String) -> Message? {
        let (channel, recipient) = Self.route(
            channel: rejected.channel, email: rejected.requesterEmail, phone: rejected.requesterPhone)
        guard let email = recipient else { return nil }
        let (subject, body) = templates.render(
            "ticket.refusal", language: rejected.language, ["subject": rejected.subject, "message": rejected.message])
        return Message(
            deliveryID: EventID.derived(from: eventID, salt: "ticket.refusal/\(email)"), ticketID: nil,
            template: "ticket.refusal", channel: channel, recipient: email, language: rejected.language,
            subject: subject, body: body)
    }

    func update(_ updated: TicketUpdated, eventID: String) -> Message? {
        let t = updated.ticket
        switch (updated.change, updated.author, updated.status) {
        case (.reply, .agent, _) where updated.isPublic:
            let (subject, body) = templates.render(
                "ticket.reply", language: t.requesterLanguage, ["number": t.number, "subject": t.subject, "body": updated.body ?? ""])
            return requesterMessage(t, template: "ticket.reply", eventID: eventID, subject: subject, body: body)
        case (.status, _, .resolved):
            let (subject, body) = templates.render(
                "ticket.resolved", language: t.requesterLanguage, ["number": t.number, "subject": t.subject])
            return requesterMessage(t, template: "ticket.resolved", eventID: eventID, subject: subject, body: body)
        default:
            return nil
        }
    }

    /// When an escalation may reach `agent`: at once for urgent tickets, otherwise not before
    /// the agent's next working minute (SPEC: nobody is paged at night for a normal ticket).
    static func notBefore(agent: Agent, priority: Priority?, at now: Date) -> Date? {
        guard priority != .urgent, let calendar = agent.workingCalendar else { return nil }
        let next = calendar.nextBusinessInstant(atOrAfter: now)
        return next > now ? next : nil
    }

    func escalation(_ event: SLAClockEvent, breached: Bool, eventID: String, now: Date = Date()) -> [Message] {
        let agents = event.escalateTo.isEmpty ? directory.agents.filter(\.lead) : directory.agents.filter { event.escalateTo.contains($0.id) }
        let t = event.ticket
        let template = breached ? "sla.breached" : "sla.warning"
        return agents.map { agent in
            let language = agent.language ?? .en
            let (subject, body) = templates.render(
                template, language: language,
                [
                    "number": t.number, "subject": t.subject, "account": t.account, "priority": t.priority?.rawValue ?? "normal",
                    "clock": event.clock.kind.rawValue, "percent": Int((event.fraction ?? 0) * 100),
                    "due": local(event.clock.dueAt, agent.timeZone),
                ])
            return Message(
                deliveryID: EventID.derived(from: eventID, salt: "\(template)/\(agent.id)"), ticketID: t.id,
                template: template, channel: "email", recipient: agent.email, language: language, subject: subject, body: body,
                notBefore: Self.notBefore(agent: agent, priority: t.priority, at: now))
        }
    }
}
