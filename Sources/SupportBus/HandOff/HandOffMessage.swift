public import ZeroMQ

/// The hand-off protocol between services and the broker's router, frame by frame.
///
/// Every message starts with the protocol tag `SDH1` so garbage is recognised and dropped. The
/// verbs (DEALER ⇄ ROUTER; the ROUTER adds and strips the peer's routing id):
///
/// | verb | from → to | frames after the verb |
/// |---|---|---|
/// | READY | worker → broker | role, credit |
/// | HB | any → broker | role (empty for a pure producer), free credit |
/// | PUT | producer → broker | role, event id, envelope |
/// | DELIVER | broker → worker | producer id, role, event id, envelope |
/// | ACK | worker → broker | producer id, role, event id (sent after the worker's commit) |
/// | NACK | worker → broker | producer id, role, event id (not done: frees the credit, no DONE; the producer resends) |
/// | DONE | broker → producer | role, event id (the producer may forget the outbox row) |
///
/// This is the ZeroMQ Guide's load-balancing broker with credit-based flow control, and the
/// producers behave as Lazy Pirate clients: they resend from their outbox until DONE arrives.
public enum HandOffMessage: Sendable, Equatable {
    case ready(role: String, credit: Int)
    case heartbeat(role: String, credit: Int)
    case put(role: String, eventID: String, envelope: [UInt8])
    case deliver(producer: [UInt8], role: String, eventID: String, envelope: [UInt8])
    case ack(producer: [UInt8], role: String, eventID: String)
    case nack(producer: [UInt8], role: String, eventID: String)
    case done(role: String, eventID: String)

    public static let tag = "SDH1"

    /// The frames of this message (without any routing id).
    public var multipart: Multipart {
        var m = Multipart([Array(Self.tag.utf8)])
        switch self {
        case .ready(let role, let credit):
            m.append("READY"); m.append(role); m.append(String(credit))
        case .heartbeat(let role, let credit):
            m.append("HB"); m.append(role); m.append(String(credit))
        case .put(let role, let eventID, let envelope):
            m.append("PUT"); m.append(role); m.append(eventID); m.append(envelope)
        case .deliver(let producer, let role, let eventID, let envelope):
            m.append("DELIVER"); m.append(producer); m.append(role); m.append(eventID); m.append(envelope)
        case .ack(let producer, let role, let eventID):
            m.append("ACK"); m.append(producer); m.append(role); m.append(eventID)
        case .nack(let producer, let role, let eventID):
            m.append("NACK"); m.append(producer); m.append(role); m.append(eventID)
        case .done(let role, let eventID):
            m.append("DONE"); m.append(role); m.append(eventID)
        }
        return m
    }

    /// Parses frames starting at `offset` (1 on a ROUTER, after the routing id); nil for
    /// anything malformed, which callers log and drop.
    public init?(_ message: Multipart, offset: Int = 0) {
        let f = Array(message.frames.dropFirst(offset))
        guard f.count >= 2, String(validating: f[0], as: UTF8.self) == Self.tag,
            let verb = String(validating: f[1], as: UTF8.self)
        else { return nil }
        func text(_ i: Int) -> String? { f.indices.contains(i) ? String(validating: f[i], as: UTF8.self) : nil }
        switch (verb, f.count) {
        case ("READY", 4):
            guard let role = text(2), let credit = text(3).flatMap({ Int($0) }), credit >= 0 else { return nil }
            self = .ready(role: role, credit: credit)
        case ("HB", 4):
            guard let role = text(2), let credit = text(3).flatMap({ Int($0) }), credit >= 0 else { return nil }
            self = .heartbeat(role: role, credit: credit)
        case ("PUT", 5):
            guard let role = text(2), let id = text(3), !id.isEmpty else { return nil }
            self = .put(role: role, eventID: id, envelope: f[4])
        case ("DELIVER", 6):
            guard let role = text(3), let id = text(4) else { return nil }
            self = .deliver(producer: f[2], role: role, eventID: id, envelope: f[5])
        case ("ACK", 5):
            guard let role = text(3), let id = text(4) else { return nil }
            self = .ack(producer: f[2], role: role, eventID: id)
        case ("NACK", 5):
            guard let role = text(3), let id = text(4) else { return nil }
            self = .nack(producer: f[2], role: role, eventID: id)
        case ("DONE", 4):
            guard let role = text(2), let id = text(3) else { return nil }
            self = .done(role: role, eventID: id)
        default:
            return nil
        }
    }
}
