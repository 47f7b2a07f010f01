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
/// | PUT | producer → broker | role, then event id and envelope for each item |
/// | DELIVER | broker → worker | producer id, role, then event id and envelope for each item |
/// | ACK | worker → broker | producer id, role, event ids (sent after the worker's commit) |
/// | NACK | worker → broker | producer id, role, event ids (not done: frees the credit, no DONE; the producer resends) |
/// | DONE | broker → producer | role, event ids (the producer may forget the outbox rows) |
///
/// This is the ZeroMQ Guide's load-balancing broker with credit-based flow control, and the
/// producers behave as Lazy Pirate clients: they resend from their outbox until DONE arrives.
///
/// PUT, DELIVER, ACK, NACK and DONE carry one item or several: a group commit hands off a batch
/// and a consumer acknowledges a batch, and one message for the batch instead of one per item
/// is what lets the broker and the sockets keep up (BENCHMARKS.md). Each item keeps its own
/// identity, credit and acknowledgement, so the one-item message is the same protocol.
public enum HandOffMessage: Sendable, Equatable {
    case ready(role: String, credit: Int)
    case heartbeat(role: String, credit: Int)
    case put(role: String, items: [HandOffItem])
    case deliver(producer: [UInt8], role: String, items: [HandOffItem])
    case ack(producer: [UInt8], role: String, eventIDs: [String])
    case nack(producer: [UInt8], role: String, eventIDs: [String])
    case done(role: String, eventIDs: [String])

    public static let tag = "SDH1"

    /// Most items one message carries: enough that a batch costs a few messages, few enough
    /// that one message never holds a worker's whole credit while others wait.
    public static let maximumItems = 256
    /// Most envelope bytes one PUT carries before the batch goes on in another message.
    public static let maximumBytes = 4 << 20

    public static func put(role: String, eventID: String, envelope: [UInt8]) -> Self {
        .put(role: role, items: [HandOffItem(eventID: eventID, envelope: envelope)])
    }

    public static func deliver(producer: [UInt8], role: String, eventID: String, envelope: [UInt8]) -> Self {
        .deliver(producer: producer, role: role, items: [HandOffItem(eventID: eventID, envelope: envelope)])
    }

    public static func ack(producer: [UInt8], role: String, eventID: String) -> Self {
        .ack(producer: producer, role: role, eventIDs: [eventID])
    }

    public static func done(role: String, eventID: String) -> Self { .done(role: role, eventIDs: [eventID]) }

    /// The frames of this message (without any routing id).
    public var multipart: Multipart {
        var m = Multipart([Array(Self.tag.utf8)])
        switch self {
        case .ready(let role, let credit):
            m.append("READY"); m.append(role); m.append(String(credit))
        case .heartbeat(let role, let credit):
            m.append("HB"); m.append(role); m.append(String(credit))
        case .put(let role, let items):
            m.append("PUT"); m.append(role)
            for item in items { m.append(item.eventID); m.append(item.envelope) }
        case .deliver(let producer, let role, let items):
            m.append("DELIVER"); m.append(producer); m.append(role)
            for item in items { m.append(item.eventID); m.append(item.envelope) }
        case .ack(let producer, let role, let eventIDs):
            m.append("ACK"); m.append(producer); m.append(role)
            for id in eventIDs { m.append(id) }
        case .nack(let producer, let role, let eventIDs):
            m.append("NACK"); m.append(producer); m.append(role)
            for id in eventIDs { m.append(id) }
        case .done(let role, let eventIDs):
            m.append("DONE"); m.append(role)
            for id in eventIDs { m.append(id) }
        }
        return m
    }

    /// Parses frames starting at `offset` (1 on a ROUTER, after the routing id); nil for
    /// anything malformed, which callers log and drop.
    public init?(_ message: Multipart, offset: Int = 0) {
        let f = message.frames.dropFirst(offset)
        let s = f.startIndex
        guard f.count >= 2, Self.text(f[s]) == Self.tag, let verb = Self.text(f[s + 1]) else { return nil }
        func text(_ i: Int) -> String? { f.indices.contains(s + i) ? Self.text(f[s + i]) : nil }
        /// Event ids from frame `i` on; nil if there is none or one is not text.
        func ids(from i: Int) -> [String]? {
            guard f.count > i else { return nil }
            var ids: [String] = []
            ids.reserveCapacity(f.count - i)
            for frame in f[(s + i)...] {
                guard let id = Self.text(frame) else { return nil }
                ids.append(id)
            }
            return ids
        }
        /// (event id, envelope) pairs from frame `i` on; nil unless there is at least one and
        /// every id is non-empty text.
        func items(from i: Int) -> [HandOffItem]? {
            guard f.count > i, (f.count - i) % 2 == 0 else { return nil }
            var items: [HandOffItem] = []
            items.reserveCapacity((f.count - i) / 2)
            for at in stride(from: s + i, to: f.endIndex, by: 2) {
                guard let id = Self.text(f[at]), !id.isEmpty else { return nil }
                items.append(HandOffItem(eventID: id, envelope: f[at + 1]))
            }
            return items
        }
        switch verb {
        case "READY" where f.count == 4:
            guard let role = text(2), let credit = text(3).flatMap({ Int($0) }), credit >= 0 else { return nil }
            self = .ready(role: role, credit: credit)
        case "HB" where f.count == 4:
            guard let role = text(2), let credit = text(3).flatMap({ Int($0) }), credit >= 0 else { return nil }
            self = .heartbeat(role: role, credit: credit)
        case "PUT":
            guard let role = text(2), let items = items(from: 3) else { return nil }
            self = .put(role: role, items: items)
        case "DELIVER":
            guard let role = text(3), let items = items(from: 4) else { return nil }
            self = .deliver(producer: f[s + 2], role: role, items: items)
        case "ACK":
            guard let role = text(3), let ids = ids(from: 4) else { return nil }
            self = .ack(producer: f[s + 2], role: role, eventIDs: ids)
        case "NACK":
            guard let role = text(3), let ids = ids(from: 4) else { return nil }
            self = .nack(producer: f[s + 2], role: role, eventIDs: ids)
        case "DONE":
            guard let role = text(2), let ids = ids(from: 3) else { return nil }
            self = .done(role: role, eventIDs: ids)
        default:
            return nil
        }
    }

    private static func text(_ bytes: [UInt8]) -> String? { String(validating: bytes, as: UTF8.self) }

    /// `ids` in order, at most ``maximumItems`` a piece: the id lists of ACK, NACK or DONE messages.
    public static func idChunks(_ ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: maximumItems).map { Array(ids[$0..<min($0 + maximumItems, ids.count)]) }
    }

    /// `items` as PUT messages for `role`: at most ``maximumItems`` items and about
    /// ``maximumBytes`` of envelopes each, in order.
    public static func puts(role: String, items: [HandOffItem]) -> [HandOffMessage] {
        var messages: [HandOffMessage] = []
        var chunk: [HandOffItem] = []
        var bytes = 0
        for item in items {
            if !chunk.isEmpty && (chunk.count == maximumItems || bytes + item.envelope.count > maximumBytes) {
                messages.append(.put(role: role, items: chunk))
                chunk.removeAll(keepingCapacity: true)
                bytes = 0
            }
            chunk.append(item)
            bytes += item.envelope.count
        }
        if !chunk.isEmpty { messages.append(.put(role: role, items: chunk)) }
        return messages
    }
}
