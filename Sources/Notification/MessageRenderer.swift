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
    /// Zone used for a requester with none set.
    public var defaultTimeZone = "America/Sao_Paulo"

    public init(directory: Directory) { self.directory = directory }

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
    /// possible"): WhatsApp back to WhatsApp when the number is known; everything else, chat and
    /// phone included until their senders exist, by e-mail.
    static func route(channel: Channel, email: String?, phone: String?) -> (channel: String, recipient: String?) {
        if channel == .whatsapp, let phone, !phone.isEmpty { return ("whatsapp", phone) }
        return ("email", email)
    }

    private func local(_ date: Date?, _ zone: String?) -> String {
        guard let date else { return "—" }
        return Timestamp.local(date, timeZone: zone ?? defaultTimeZone)
    }

    func acknowledgement(_ started: SLAStarted, eventID: String) -> Message {
        let t = started.ticket
        let due = local(started.clocks.first { $0.kind == .firstResponse }?.dueAt, t.requesterTimeZone)
        let (subject, body): (String, String) =
            switch t.requesterLanguage {
            case .en: (
                "[#\(t.number)] We received your ticket: \(t.subject)",
                "Hello \(t.requesterName),\n\nWe received your ticket #\(t.number) (\(t.subject)). An agent will answer by \(due).\n"
            )
            case .ptBR: (
                "[#\(t.number)] Recebemos seu ticket: \(t.subject)",
                "Olá \(t.requesterName),\n\nRecebemos seu ticket #\(t.number) (\(t.subject)). Um atendente responderá até \(due).\n"
            )
            case .es: (
                "[#\(t.number)] Recibimos su ticket: \(t.subject)",
                "Hola \(t.requesterName),\n\nRecibimos su ticket #\(t.number) (\(t.subject)). Un agente responderá antes de \(due).\n"
            )
            }
        // Keyed by the ticket, not the event: a ticket is acknowledged once, even if its clocks
        // are restarted (type change, policy change) and sla.started is sent again.
        return requesterMessage(t, template: "ticket.acknowledgement", eventID: t.id, subject: subject, body: body)
    }

    func refusal(_ rejected: TicketRejected, eventID: String) -> Message? {
        let (channel, recipient) = Self.route(
            channel: rejected.channel, email: rejected.requesterEmail, phone: rejected.requesterPhone)
        guard let email = recipient else { return nil }
        let subject: String =
            switch rejected.language {
            case .en: "We could not open your ticket: \(rejected.subject)"
            case .ptBR: "Não foi possível abrir seu ticket: \(rejected.subject)"
            case .es: "No pudimos abrir su ticket: \(rejected.subject)"
            }
        return Message(
            deliveryID: EventID.derived(from: eventID, salt: "ticket.refusal/\(email)"), ticketID: nil,
            template: "ticket.refusal", channel: channel, recipient: email, language: rejected.language,
            subject: subject, body: rejected.message + "\n")
    }

    func update(_ updated: TicketUpdated, eventID: String) -> Message? {
        let t = updated.ticket
        switch (updated.change, updated.author, updated.status) {
        case (.reply, .agent, _) where updated.isPublic:
            let subject: String =
                switch t.requesterLanguage {
                case .en: "[#\(t.number)] New reply: \(t.subject)"
                case .ptBR: "[#\(t.number)] Nova resposta: \(t.subject)"
                case .es: "[#\(t.number)] Nueva respuesta: \(t.subject)"
                }
            return requesterMessage(t, template: "ticket.reply", eventID: eventID, subject: subject, body: (updated.body ?? "") + "\n")
        case (.status, _, .resolved):
            let (subject, body): (String, String) =
                switch t.requesterLanguage {
                case .en: ("[#\(t.number)] Resolved: \(t.subject)", "Your ticket #\(t.number) was resolved. Reply to reopen it.\n")
                case .ptBR: ("[#\(t.number)] Resolvido: \(t.subject)", "Seu ticket #\(t.number) foi resolvido. Responda para reabri-lo.\n")
                case .es: ("[#\(t.number)] Resuelto: \(t.subject)", "Su ticket #\(t.number) fue resuelto. Responda para reabrirlo.\n")
                }
            return requesterMessage(t, template: "ticket.resolved", eventID: eventID, subject: subject, body: body)
        default:
            return nil
        }
    }

    func escalation(_ event: SLAClockEvent, breached: Bool, eventID: String) -> [Message] {
        let agents = event.escalateTo.isEmpty ? directory.agents.filter(\.lead) : directory.agents.filter { event.escalateTo.contains($0.id) }
        let t = event.ticket
        let template = breached ? "sla.breached" : "sla.warning"
        return agents.map { agent in
            let due = local(event.clock.dueAt, agent.timeZone)
            let what = breached ? "BREACHED" : "at \(Int((event.fraction ?? 0) * 100))%"
            return Message(
                deliveryID: EventID.derived(from: eventID, salt: "\(template)/\(agent.id)"), ticketID: t.id,
                template: template, channel: "email", recipient: agent.email, language: agent.language ?? .en,
                subject: "[#\(t.number)] SLA \(event.clock.kind.rawValue) \(what): \(t.subject)",
                body: "Ticket #\(t.number) (\(t.account), \(t.priority?.rawValue ?? "normal")) \(event.clock.kind.rawValue) due \(due).\n")
        }
    }
}
