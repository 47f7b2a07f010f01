import Foundation
public import Logging
import Metrics
import Synchronization
public import SupportDomain
public import ZeroMQ

/// A service's connection to the bus: one PUB socket for the observer stream and one DEALER for
/// the reliable hand-offs, both owned by one ``SocketLoop`` thread.
///
/// A worker announces the roles it serves and how many deliveries it accepts at once (credit);
/// the broker never sends more than that, which is how a slow service slows its producers down
/// instead of losing work. Heartbeats every second tell the broker it is alive, carrying the free
/// credit so a restarted broker learns it again.
public final class BusClient: Sendable {
    public let identity: String
    private let loop: SocketLoop
    private let roles: [ServiceRole]
    private let credit: Int
    private let logger: Logger
    private let inFlight = Atomic<Int>(0)
    private let inbound = Mutex<[Delivery]>([])
    private let arrivals: (AsyncStream<Void>, AsyncStream<Void>.Continuation)
    private let doneStream: (AsyncStream<(ServiceRole, [String])>, AsyncStream<(ServiceRole, [String])>.Continuation)
    /// When the broker last answered (milliseconds since 1970): it echoes every heartbeat.
    private let lastHeard = Atomic<Int64>(0)
    private let metrics: BusClientMetrics
    private static let stream = 0
    private static let handoff = 1

    /// - Parameters:
    ///   - identity: routing id, unique per process (`<service>-<random>`).
    ///   - roles: the hand-off roles this instance consumes (none for a pure producer).
    ///   - credit: deliveries accepted before acknowledging; bounds memory and sets back-pressure.
    public init(
        context: Context, endpoints: BusEndpoints, identity: String, roles: [ServiceRole], credit: Int = 256,
        logger: Logger
    ) {
        self.identity = identity
        self.roles = roles
        self.credit = credit
        self.logger = logger
        self.loop = SocketLoop(
            context: context, name: identity,
            sockets: [
                SocketSpec(
                    .publisher, connect: [endpoints.publish],
                    options: [(.sendHighWaterMark, 100_000)], byteOptions: endpoints.clientByteOptions),
                SocketSpec(
                    .dealer, connect: [endpoints.handoff],
                    options: [
                        (.sendHighWaterMark, 100_000), (.receiveHighWaterMark, 100_000),
                        (.heartbeatInterval, 1000), (.heartbeatTimeout, 3000),
                    ],
                    byteOptions: [(.routingID, Array(identity.utf8))] + endpoints.clientByteOptions),
            ])
        self.arrivals = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.doneStream = AsyncStream.makeStream(of: (ServiceRole, [String]).self)
        self.metrics = BusClientMetrics(service: String(identity.split(separator: "-").first ?? "unknown"))
    }

    /// True while the broker answers heartbeats (one a second; three missed mean it is not
    /// reachable): the readiness check "bus".
    public var isConnected: Bool {
        Int64(Date().timeIntervalSince1970 * 1000) - lastHeard.load(ordering: .relaxed) < 3500
    }

    /// Deliveries for the roles this instance serves, in batches of whatever has arrived (at
    /// most `maximum`), so a consumer can apply a batch in one transaction: one durable commit
    /// for many events is what makes SQLite fast (group commit). Single-consumer.
    public func batches(maximum: Int = 512) -> AsyncStream<[Delivery]> {
        AsyncStream { [self] in
            while true {
                let batch = self.inbound.withLock { queue -> [Delivery] in
                    let taken = Array(queue.prefix(maximum))
                    queue.removeFirst(taken.count)
                    return taken
                }
                if !batch.isEmpty { return batch }
                var iterator = self.arrivals.0.makeAsyncIterator()
                guard await iterator.next() != nil else { return nil }
            }
        }
    }
    /// DONE notices for what this instance PUT, as they arrive (one or several event ids of
    /// one role each): the outbox rows may go.
    public var completions: AsyncStream<(ServiceRole, [String])> { doneStream.0 }

    /// Publishes an envelope on the observer stream (may drop under overload; never blocks).
    public func publish(_ envelope: Envelope, bytes: [UInt8]) {
        loop.send(Multipart([envelope.topic.bytes, bytes]), on: Self.stream)
        metrics.streamOut.increment()
    }

    /// Hands `items` (encoded envelopes) to their roles, a few PUT messages per role however many
    /// there are; the broker answers DONE for each once a worker of its role has committed it.
    public func put(_ items: [OutboxItem]) {
        for (role, group) in items.groupedInOrder(by: \.role) {
            let items = group.map { HandOffItem(eventID: $0.eventID, envelope: $0.bytes) }
            for message in HandOffMessage.puts(role: role.rawValue, items: items) { send(message) }
        }
    }

    /// Hands one encoded envelope to `role`.
    public func put(role: ServiceRole, eventID: String, bytes: [UInt8]) {
        put([OutboxItem(eventID: eventID, role: role, bytes: bytes)])
    }

    /// Acknowledges deliveries, one ACK per producer and role; call only after their effect is
    /// committed.
    public func acknowledge(_ deliveries: some Collection<Delivery>) {
        answer(deliveries) { HandOffMessage.ack(producer: $0, role: $1, eventIDs: $2) }
    }

    public func acknowledge(_ delivery: Delivery) { acknowledge(CollectionOfOne(delivery)) }

    /// Gives deliveries back undone: their credit is freed and their producers, hearing no DONE,
    /// resend them later. For work that failed and may succeed on a later try.
    public func reject(_ deliveries: some Collection<Delivery>) {
        answer(deliveries) { HandOffMessage.nack(producer: $0, role: $1, eventIDs: $2) }
    }

    public func reject(_ delivery: Delivery) { reject(CollectionOfOne(delivery)) }

    /// Sends `message` for the deliveries of each producer and role, at most
    /// ``HandOffMessage/maximumItems`` event ids a message.
    private func answer(
        _ deliveries: some Collection<Delivery>, _ message: ([UInt8], String, [String]) -> HandOffMessage
    ) {
        guard !deliveries.isEmpty else { return }
        inFlight.subtract(deliveries.count, ordering: .relaxed)
        let sources = deliveries.groupedInOrder { DeliverySource(producer: $0.producer, role: $0.role) }
        for (source, group) in sources {
            for ids in HandOffMessage.idChunks(group.map(\.eventID)) {
                send(message(source.producer, source.role.rawValue, ids))
            }
        }
    }

    private func send(_ message: HandOffMessage) {
        loop.send(message.multipart, on: Self.handoff)
        metrics.handoffOut.increment()
    }

    /// Connects, announces the roles, and routes what arrives until cancelled.
    public func run() async throws {
        try await loop.start()
        for role in roles { sendReady(role) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.receive() }
            group.addTask { await self.heartbeat() }
            await group.next()
            group.cancelAll()
        }
        await loop.stop()
        arrivals.1.finish()
        doneStream.1.finish()
    }

    private func sendReady(_ role: ServiceRole) {
        loop.send(HandOffMessage.ready(role: role.rawValue, credit: credit).multipart, on: Self.handoff)
    }

    private func heartbeat() async {
        var first = true
        while !Task.isCancelled {
            // The first at once: its echo is what makes the process ready.
            if !first { try? await Task.sleep(for: .seconds(1)) }
            first = false
            metrics.connected.record(isConnected ? 1 : 0)
            let free = max(0, credit - inFlight.load(ordering: .relaxed))
            if roles.isEmpty {
                loop.send(HandOffMessage.heartbeat(role: "", credit: 0).multipart, on: Self.handoff)
            }
            for role in roles {
                loop.send(HandOffMessage.heartbeat(role: role.rawValue, credit: free).multipart, on: Self.handoff)
            }
        }
    }

    private func receive() async {
        for await message in loop.messages(from: Self.handoff) {
            if Task.isCancelled { break }
            lastHeard.store(Int64(Date().timeIntervalSince1970 * 1000), ordering: .relaxed)
            metrics.handoffIn.increment()
            switch HandOffMessage(message) {
            case .deliver(let producer, let roleName, let items):
                guard let role = ServiceRole(rawValue: roleName), roles.contains(role) else {
                    logger.warning("delivery for a role this instance does not serve", metadata: ["role": "\(roleName)"])
                    continue
                }
                inFlight.add(items.count, ordering: .relaxed)
                let deliveries = items.map { Delivery(producer: producer, role: role, eventID: $0.eventID, bytes: $0.envelope) }
                inbound.withLock { $0.append(contentsOf: deliveries) }
                arrivals.1.yield()
            case .done(let roleName, let eventIDs):
                if let role = ServiceRole(rawValue: roleName) { doneStream.1.yield((role, eventIDs)) }
            case .heartbeat:
                break
            default:
                logger.warning("dropped a malformed hand-off frame", metadata: ["frames": "\(message.count)"])
            }
        }
    }
}

/// Where deliveries came from: what one ACK or NACK answers.
private struct DeliverySource: Hashable {
    let producer: [UInt8]
    let role: ServiceRole
}

/// A bus client's counters: messages by direction and channel, and whether the broker answers.
/// Label values are the service and fixed words, so the series stay few.
private struct BusClientMetrics: Sendable {
    let streamOut: Counter
    let handoffOut: Counter
    let handoffIn: Counter
    let connected: Gauge

    init(service: String) {
        func messages(_ direction: String, _ channel: String) -> Counter {
            Counter(
                label: "supportdesk_bus_messages_total",
                dimensions: [("service", service), ("direction", direction), ("channel", channel)])
        }
        streamOut = messages("out", "stream")
        handoffOut = messages("out", "handoff")
        handoffIn = messages("in", "handoff")
        connected = Gauge(label: "supportdesk_bus_connected", dimensions: [("service", service)])
    }
}
