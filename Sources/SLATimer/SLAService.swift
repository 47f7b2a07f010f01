import Foundation
import GRDB
import Logging
import ServiceLifecycle
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// The `sla` process: starts, pauses, resumes and stops clocks from ticket events, and fires
/// warnings and breaches from its own timer loop.
public struct SLAService: Sendable {
    let configuration: SLAConfiguration
    let store: ClockStore
    let logger: Logger
    let factory = EventFactory(service: "sla")
    let bus: BusClient
    let sender: HandOffSender

    public init(configuration: SLAConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let store = try ClockStore(path: configuration.storePath)
        self.store = store
        let bus = BusClient(
            context: try Context(), endpoints: configuration.bus, identity: factory.producer, roles: [.sla],
            logger: logger)
        self.bus = bus
        let log = logger
        self.sender = HandOffSender(client: bus, logger: logger) { keys in
            do {
                try await store.pool.write { db in try OutboxTable.delete(keys, in: db) }
            } catch {
                log.error("outbox delete failed", metadata: ["error": "\(error)"])
            }
        }
        logger.info(
            "sla policy loaded",
            metadata: ["policy": "\(configuration.policyPath ?? "built-in default")", "calendars": "\(configuration.policy.calendars.map(\.name))"])
    }

    public var services: [any Service] {
        [
            RunService { try await bus.run() },
            RunService { await sender.run() },
            RunService { try await resendOutbox() },
            RunService { await consume() },
            RunService { await timers() },
        ]
    }

    private func resendOutbox() async throws {
        let items = try await store.pool.read { db in try OutboxTable.pending(in: db) }
        await sender.send(items)
        try await Task.sleep(for: .seconds(365 * 86400))
    }

    private func consume() async {
        for await delivery in bus.deliveries {
            do {
                let envelope = try EnvelopeCodec.decode(delivery.bytes)
                let produced = try await apply(envelope, bytes: delivery.bytes)
                bus.acknowledge(delivery)
                await emit(produced)
            } catch let error as BusError {
                logger.warning("dropped an undecodable delivery", metadata: ["event.id": "\(delivery.eventID)", "error": "\(error)"])
                bus.acknowledge(delivery)
            } catch {
                logger.error("delivery failed; it will be redelivered", metadata: ["event.id": "\(delivery.eventID)", "error": "\(error)"])
            }
        }
    }

    /// Applies one delivered event in one transaction; returns what to publish and send.
    func apply(_ envelope: Envelope, bytes: [UInt8]) async throws -> [(Envelope, [UInt8], [OutboxItem])] {
        let policy = configuration.policy
        return try await store.pool.write { db in
            guard try OutboxTable.markProcessed(envelope.id, at: Date().timeIntervalSince1970, in: db) else { return [] }
            var events: [Event] = []
            switch envelope.event {
            case .ticketClassified(let classified):
                guard try store.load(classified.ticket.id, in: db) == nil else { return [] }
                var clocks = TicketClocks(classified: classified, start: envelope.occurredAt, policy: policy)
                events.append(clocks.started)
                for early in try store.takeEarly(classified.ticket.id, in: db) {
                    if case .ticketUpdated(let update) = early.event { events += clocks.apply(update, policy: policy) }
                }
                try store.save(clocks, policy: policy, in: db)
            case .ticketUpdated(let update):
                guard var clocks = try store.load(update.ticket.id, in: db) else {
                    try store.holdEarly(envelope, bytes: bytes, ticketID: update.ticket.id, in: db)
                    return []
                }
                events += clocks.apply(update, policy: policy)
                try store.save(clocks, policy: policy, in: db)
            default:
                return []
            }
            return try record(events, cause: envelope, in: db)
        }
    }

    /// Writes the envelopes and outbox rows for `events`; ids derive from the cause so a
    /// recomputation after a crash cannot produce a second, different event.
    private func record(_ events: [Event], cause: Envelope?, in db: Database) throws -> [(Envelope, [UInt8], [OutboxItem])] {
        var salts: [String: Int] = [:]
        return try events.map { event in
            var id: String? = nil
            if let cause {
                let base = "\(event.topic.rawValue)/\(event.ticketID ?? "")"
                let n = salts[base, default: 0]
                salts[base] = n + 1
                id = EventID.derived(from: cause.id, salt: "\(base)/\(n)")
            }
            let envelope = factory.envelope(event, id: id, traceParent: cause?.traceParent)
            let bytes = try EnvelopeCodec.encode(envelope)
            return (envelope, bytes, try OutboxTable.insert(envelope, bytes: bytes, in: db))
        }
    }

    private func emit(_ produced: [(Envelope, [UInt8], [OutboxItem])]) async {
        for (envelope, bytes, items) in produced {
            bus.publish(envelope, bytes: bytes)
            await sender.send(items)
            logger.info(
                "sla event", metadata: ["ticket.id": "\(envelope.ticketID ?? "-")", "event.id": "\(envelope.id)", "event.topic": "\(envelope.topic.rawValue)"])
        }
    }

    /// Fires due warnings and breaches every tick. Each firing is committed with its clock, so
    /// after a SIGKILL the loop resumes exactly where the store says it was.
    private func timers() async {
        let policy = configuration.policy
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(configuration.tickMilliseconds))
            do {
                let now = Date()
                let produced = try await store.pool.write { db -> [(Envelope, [UInt8], [OutboxItem])] in
                    var out: [(Envelope, [UInt8], [OutboxItem])] = []
                    for ticketID in try store.due(now: now, limit: 1000, in: db) {
                        guard var clocks = try store.load(ticketID, in: db) else { continue }
                        let events = clocks.fire(now: now, policy: policy)
                        try store.save(clocks, policy: policy, in: db)
                        out += try record(events, cause: nil, in: db)
                    }
                    return out
                }
                await emit(produced)
            } catch {
                logger.error("timer pass failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
