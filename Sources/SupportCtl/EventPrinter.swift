import Foundation
import SupportBus
import SupportDomain

/// Formats events for people (aligned, colored on a terminal) or for scripts (raw JSON lines).
struct EventPrinter {
    let json: Bool
    let color: Bool

    func print(_ envelope: Envelope, raw: [UInt8]) {
        var line = json ? String(decoding: raw, as: UTF8.self) : pretty(envelope)
        line.append("\n")
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    func pretty(_ envelope: Envelope) -> String {
        let time = Timestamp.format(envelope.occurredAt).dropFirst(11).prefix(12)
        let topic = envelope.topic.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
        let detail = Self.detail(envelope.event)
        let ticket = envelope.ticketID.map { " ticket=\($0)" } ?? ""
        let head = color ? "\u{1B}[\(Self.color(envelope.topic))m\(topic)\u{1B}[0m" : topic
        return "\(time)  \(head) \(detail)\(ticket)  [\(envelope.producer)#\(envelope.sequence)]"
    }

    static func color(_ topic: Topic) -> String {
        switch topic {
        case .slaBreached, .notificationFailed, .ticketRejected: "31"
        case .slaWarning: "33"
        case .slaMet, .notificationSent: "32"
        default: "36"
        }
    }

    static func detail(_ event: Event) -> String {
        switch event {
        case .ticketReceived(let p): "#\(p.ticket.number) \(p.ticket.account) \(p.ticket.channel.rawValue) \"\(p.ticket.subject.prefix(40))\""
        case .ticketRejected(let p): "\(p.account) \(p.requester) \(p.reason.rawValue)"
        case .ticketClassified(let p):
            "#\(p.ticket.number) \(p.ticket.type?.rawValue ?? "-")/\(p.ticket.priority?.rawValue ?? "-") lang=\(p.classification.language.rawValue)"
                + (p.typeMismatch ? " mismatch(requested \(p.requestedType?.rawValue ?? "-"))" : "")
        case .ticketUpdated(let p): "#\(p.ticket.number) \(p.change.rawValue) \(p.previousStatus.rawValue)→\(p.status.rawValue)"
        case .slaStarted(let p):
            "#\(p.ticket.number) " + p.clocks.map { "\($0.kind.rawValue)≤\($0.dueAt.map(Timestamp.format) ?? "-")" }.joined(separator: " ")
        case .slaWarning(let p): "#\(p.ticket.number) \(p.clock.kind.rawValue) \(Int((p.fraction ?? 0) * 100))%"
        case .slaBreached(let p), .slaMet(let p), .slaPaused(let p), .slaResumed(let p): "#\(p.ticket.number) \(p.clock.kind.rawValue)"
        case .notificationSent(let p), .notificationFailed(let p): "\(p.template) → \(p.recipient) (\(p.channel))"
        }
    }
}
