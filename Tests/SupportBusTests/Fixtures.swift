import Foundation
import SupportDomain

enum Fixtures {
    static let summary = TicketSummary(
        id: "01a21576-b5be-764f-8d51-65474b2466a1", number: 7, account: "norte-plus", planGroup: .standard,
        requester: "u-nina", requesterName: "Nina", requesterEmail: "nina@norte.example", requesterPhone: nil,
        requesterLanguage: .ptBR, requesterTimeZone: "America/Sao_Paulo", channel: .portal,
        subject: "Bot fora do ar 🚨 \u{202E}abc", type: .incident, priority: .urgent,
        createdAt: Date(timeIntervalSince1970: 1_800_000_000.123))

    static let clock = ClockState(
        SLAClock(
            kind: .firstResponse, target: SLATarget(duration: .seconds(7200), calendar: .brazilBusinessHours),
            start: Date(timeIntervalSince1970: 1_800_000_000)))

    /// One event of every kind.
    static let events: [Event] = [
        .ticketReceived(TicketReceived(ticket: summary, requestedType: .doubt, description: "línea 1\nline \"2\"")),
        .ticketRejected(
            TicketRejected(
                account: "acme", requester: "x@y", requesterEmail: nil, requesterPhone: nil, channel: .phone,
                reason: .channelNotAllowed, language: .es, message: "No", subject: "s")),
        .ticketClassified(
            TicketClassified(
                ticket: summary, requestedType: nil,
                classification: TicketClassification(
                    type: .incident, typeConfidence: 0.9, priority: .urgent, priorityConfidence: 0.5, language: .ptBR,
                    languageConfidence: 0.99), typeMismatch: false, model: "m1")),
        .ticketUpdated(
            TicketUpdated(
                ticket: summary, change: .reply, status: .pending, previousStatus: .open, author: .agent, isPublic: true,
                body: "hi", at: Date(timeIntervalSince1970: 1_800_000_100))),
        .slaStarted(SLAStarted(ticket: summary, clocks: [clock])),
        .slaWarning(SLAClockEvent(ticket: summary, clock: clock, fraction: 0.75)),
        .slaBreached(SLAClockEvent(ticket: summary, clock: clock, escalateTo: ["a-diego"])),
        .slaMet(SLAClockEvent(ticket: summary, clock: clock)),
        .slaPaused(SLAClockEvent(ticket: summary, clock: clock)),
        .slaResumed(SLAClockEvent(ticket: summary, clock: clock)),
        .notificationSent(
            NotificationDelivered(
                ticketID: summary.id, deliveryID: "d", template: "ticket.acknowledgement", channel: "email",
                recipient: "nina@norte.example", language: .ptBR, attempts: 1)),
        .notificationFailed(
            NotificationDelivered(
                ticketID: nil, deliveryID: "d2", template: "ticket.refusal", channel: "email", recipient: "x", language: .en,
                attempts: 8, error: "boom")),
    ]

    /// Every truncation of `bytes`, and at every byte a replacement, a deletion and an
    /// insertion (of JSON's structural characters, digits, letters of its literals, and bytes
    /// that are not valid there): what the differential decoding tests feed both sides.
    static func mutations(of bytes: [UInt8]) -> [[UInt8]] {
        let replacements = Array("{}[]\",:0123456789-.eE+tfnul \\a/".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xE2, 0xFF]
        var variants = (0..<bytes.count).map { Array(bytes[..<$0]) }
        for position in bytes.indices {
            let replacement = replacements[position * 7 % replacements.count]
            var replaced = bytes
            replaced[position] = replacement
            var shorter = bytes
            shorter.remove(at: position)
            var longer = bytes
            longer.insert(replacement, at: position)
            variants += [replaced, shorter, longer]
        }
        return variants
    }
}
