import DequeModule
import Foundation
import SupportBus
import SupportDomain
import ZeroMQ

/// The broker's hand-off logic as a pure state machine: messages in, messages out.
///
/// It is the ZeroMQ Guide's load-balancing broker with credit: workers announce roles and how many
/// deliveries they accept; each PUT waits in its role's queue until a worker of that role has
/// credit, then goes to the next such worker in turn. The broker keeps nothing on disk — a
/// producer's outbox is the durable copy, and it resends until DONE — so losing the broker loses
/// no work. Workers unheard from for ``workerExpiry`` are dropped; what they held is resent by its
/// producers.
public struct HandOffRouter {
    /// Seconds of silence after which a worker is considered gone.
    public var workerExpiry: TimeInterval = 3
    /// Most deliveries waiting per role; past it a PUT is dropped and its producer resends later.
    public var queueLimit = 200_000
    /// Most items one DELIVER carries. Smaller than a PUT's limit, so a burst from one producer
    /// is shared among the role's workers in turn rather than going whole to the first.
    static let deliverItems = 64

    struct Worker {
        var roles: Set<String>
        var credit: Int
        var lastSeen: TimeInterval
    }

    struct Pending {
        var producer: [UInt8]
        var eventID: String
        var envelope: [UInt8]
    }

    private var workers: [[UInt8]: Worker] = [:]
    private var order: [String: [[UInt8]]] = [:]
    private var cursor: [String: Int] = [:]
    private var queues: [String: Deque<Pending>] = [:]
    private var queued: Set<String> = []

    /// Counters an operator can read.
    public private(set) var delivered: UInt64 = 0
    public private(set) var acknowledged: UInt64 = 0
    public private(set) var dropped: UInt64 = 0
    public private(set) var malformed: UInt64 = 0
    /// Messages dropped because the sender's key does not allow them (a role consuming or
    /// handing off outside the topology).
    public private(set) var refused: UInt64 = 0

    public init() {}

    /// Whether an authenticated sender may send this message.
    static func allows(_ sender: BusIdentity, _ message: HandOffMessage) -> Bool {
        switch message {
        case .ready(let role, _):
            return ServiceRole(rawValue: role).map(sender.mayConsume) ?? false
        case .heartbeat(let role, _):
            return role.isEmpty || (ServiceRole(rawValue: role).map(sender.mayConsume) ?? false)
        case .put(let role, _):
            return ServiceRole(rawValue: role).map(sender.mayHandOff) ?? false
        case .ack, .nack:
            return sender.serviceRole != nil
        case .deliver, .done:
            return false
        }
    }

    /// How many deliveries wait for a worker, per role.
    public var queueDepths: [String: Int] { queues.mapValues(\.count) }
    /// Live workers per role.
    public var workerCounts: [String: Int] { order.mapValues(\.count) }

    /// Handles one message from the ROUTER (frame 0 is the peer's routing id) at time `now`;
    /// returns the messages to send, each starting with a routing id.
    ///
    /// `sender` is the identity the ZAP handler gave the connection (nil on a plain-text bus,
    /// where nothing is authenticated): a service may take deliveries only for its own role and
    /// hand off only along the topology.
    public mutating func handle(_ message: Multipart, now: TimeInterval, sender: BusIdentity? = nil) -> [Multipart] {
        guard message.count >= 2, let parsed = HandOffMessage(message, offset: 1) else {
            malformed += 1
            return []
        }
        if let sender, !Self.allows(sender, parsed) {
            refused += 1
            return []
        }
        let peer = message[0]
        var out: [Multipart] = []
        switch parsed {
        case .ready(let role, let credit):
            register(peer, role: role, credit: credit, now: now, replaceCredit: true)
            dispatch(role, into: &out)
        case .heartbeat(let role, let credit):
            // Echoed, so a client knows the broker hears it (its readiness "bus" check).
            out.append(Multipart([peer] + HandOffMessage.heartbeat(role: "", credit: 0).multipart.frames))
            if role.isEmpty { break }
            if workers[peer]?.roles.contains(role) == true {
                workers[peer]?.lastSeen = now
            } else {
                register(peer, role: role, credit: credit, now: now, replaceCredit: workers[peer] == nil)
            }
            dispatch(role, into: &out)
        case .put(let role, let items):
            // Appended in place: a copy taken out of the dictionary would share its buffer, and
            // the append would then copy the whole queue (quadratic under load).
            for item in items {
                let key = role + "\u{0}" + item.eventID
                guard !queued.contains(key) else { continue }
                guard queues[role, default: Deque()].count < queueLimit else {
                    dropped += 1
                    continue
                }
                queues[role, default: Deque()].append(Pending(producer: peer, eventID: item.eventID, envelope: item.envelope))
                queued.insert(key)
            }
            dispatch(role, into: &out)
        case .ack(let producer, let role, let eventIDs):
            acknowledged += UInt64(eventIDs.count)
            if var worker = workers[peer] {
                worker.credit += eventIDs.count
                worker.lastSeen = now
                workers[peer] = worker
            }
            out.append(Multipart([producer] + HandOffMessage.done(role: role, eventIDs: eventIDs).multipart.frames))
            for served in workers[peer]?.roles ?? [] { dispatch(served, into: &out) }
        case .nack(_, _, let eventIDs):
            if var worker = workers[peer] {
                worker.credit += eventIDs.count
                worker.lastSeen = now
                workers[peer] = worker
            }
            for served in workers[peer]?.roles ?? [] { dispatch(served, into: &out) }
        case .deliver, .done:
            malformed += 1
        }
        return out
    }

    /// Forgets workers that have been silent too long.
    public mutating func expire(now: TimeInterval) {
        let gone = workers.filter { now - $0.value.lastSeen > workerExpiry }.map(\.key)
        for peer in gone {
            workers[peer] = nil
            for role in order.keys { order[role]?.removeAll { $0 == peer } }
        }
    }

    private mutating func register(_ peer: [UInt8], role: String, credit: Int, now: TimeInterval, replaceCredit: Bool) {
        var worker = workers[peer] ?? Worker(roles: [], credit: 0, lastSeen: now)
        if replaceCredit { worker.credit = credit }
        worker.lastSeen = now
        if worker.roles.insert(role).inserted { order[role, default: []].append(peer) }
        workers[peer] = worker
    }

    private mutating func dispatch(_ role: String, into out: inout [Multipart]) {
        guard queues[role]?.isEmpty == false, let peers = order[role], !peers.isEmpty else { return }
        // Taken out while it is worked on, so this is its only reference and removing from it
        // copies nothing.
        var queue = queues.removeValue(forKey: role) ?? Deque()
        defer { queues[role] = queue }
        var index = cursor[role] ?? 0
        var idleRounds = 0
        while !queue.isEmpty && idleRounds < peers.count {
            let peer = peers[index % peers.count]
            index += 1
            guard let worker = workers[peer], worker.credit > 0 else {
                idleRounds += 1
                continue
            }
            idleRounds = 0
            // One DELIVER takes what waits from the same producer, up to the worker's credit
            // and a message's item limit; the next worker in turn gets the next message.
            let producer = queue[queue.startIndex].producer
            let limit = min(worker.credit, Self.deliverItems)
            var items: [HandOffItem] = []
            while items.count < limit, let next = queue.first, next.producer == producer {
                queue.removeFirst()
                queued.remove(role + "\u{0}" + next.eventID)
                items.append(HandOffItem(eventID: next.eventID, envelope: next.envelope))
            }
            workers[peer]?.credit -= items.count
            delivered += UInt64(items.count)
            out.append(Multipart([peer] + HandOffMessage.deliver(producer: producer, role: role, items: items).multipart.frames))
        }
        cursor[role] = index % max(peers.count, 1)
    }
}
