import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SupportBus
import SupportDomain
import SupportRuntime
import SupportStore
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
    /// Prepares each batch while the one before is in its transaction (SQLite only).
    public let pipeline = ClockPipeline()

    public init(configuration: SLAConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let store = try ClockStore(location: configuration.store, policy: configuration.policy, logger: logger)
        self.store = store
        // Credit for two full batches: one being applied while the next arrives and is decoded.
        let bus = BusClient(
            context: try Context(), endpoints: configuration.bus, identity: factory.producer, roles: [.sla], credit: 1024,
            logger: logger)
        self.bus = bus
        let log = logger
        self.sender = HandOffSender(client: bus, logger: logger) { keys in
            do {
                try await store.forget(keys)
            } catch {
                log.error("outbox delete failed", metadata: ["error": "\(error)"])
            }
        }
        logger.info(
            "sla policy loaded",
            metadata: ["policy": "\(configuration.policyPath ?? "built-in default")", "calendars": "\(configuration.policy.calendars.map(\.name))"])
    }

    /// Ready: the store takes a write and the outbox backlog is under its limit.
    public var readiness: @Sendable () async -> [String: Bool] {
        { [store, sender, bus] in await Readiness.checks(store: store.storage, sender: sender, bus: bus) }
    }

    public var services: [any Service] {
        [
            RunService { try await bus.run() },
            RunService { await sender.run { try await store.storage.read { db in try store.outbox.pending(in: db) } } },
            RunService { await consume() },
            RunService { await timers() },
            RunService { await StoreMaintenance(store: store.storage, logger: logger).run() },
            RunService { await census() },
        ]
    }

    /// Publishes the clocks by state every 10 s (`supportdesk_sla_clocks{state}`): running,
    /// paused, breached, and at_risk (running clocks due within the next hour).
    private func census() async {
        let gauges = ["running", "paused", "breached", "at_risk"].map {
            Gauge(label: "supportdesk_sla_clocks", dimensions: [("state", $0)])
        }
        while !Task.isCancelled {
            if let counts = try? await store.census(horizon: Date().addingTimeInterval(3600)) {
                for (gauge, value) in zip(gauges, [counts.running, counts.paused, counts.breached, counts.atRisk]) {
                    gauge.record(value)
                }
            }
            try? await Task.sleep(for: .seconds(10))
        }
    }

    /// Applies deliveries a batch per transaction (group commit), acknowledging after the
    /// commit; failures and poison go through the shared ``DeliveryProcessor`` rules. Each batch
    /// is prepared (``prepareBatch(_:)``) while the one before is in its transaction.
    private func consume() async {
        await DeliveryProcessor(bus: bus, logger: logger) { entry in
            try await store.storage.write { db in try DeadLetterTable.insert(entry, in: db) }
        }.run { envelopes in
            await prepareBatch(envelopes)
        } apply: { envelopes, prepared in
            let produced = try await applyBatch(envelopes, prepared: prepared ?? nil)
            await emit(produced)
        }
    }

    /// Deletes the outbox rows whose hand-offs were acknowledged (DONE): what the sender does
    /// as acknowledgements arrive, and what `supportctl load sla` does after each batch.
    public func forget(_ keys: [OutboxKey]) async throws { try await store.forget(keys) }

    /// Writes the clock journal to the rows if it is due (``ClockStore/foldIfDue(now:)``), or
    /// whatever it holds with `all`: what the timer loop does each tick, and what `supportctl
    /// load sla` does after each batch and at the end, so its rate includes the folds.
    public func fold(all: Bool = false) async throws {
        if all { try await store.fold() } else { try await store.foldIfDue() }
    }

    /// Applies events in one transaction (one durable commit for the batch) and returns what
    /// to publish and hand off once committed. A redelivered event (already in the inbox)
    /// changes nothing. Also the entry point of `supportctl load sla`.
    public func applyBatch(_ events: [Envelope]) async throws -> [(Envelope, [UInt8], [OutboxItem])] {
        try await applyBatch(events, prepared: nil)
    }

    /// The rules applied and the rows and events encoded for `events` ahead of their transaction
    /// (``ClockPipeline``), after every batch prepared before; nil where the transaction must
    /// apply them itself (PostgreSQL, whose rows other instances share; an update that came
    /// before its ticket's classification; a ticket whose clocks are not in memory).
    public func prepareBatch(_ events: [Envelope]) async -> ClockPipeline.Prepared? {
        guard store.storage.engine == .sqlite else { return nil }
        do {
            return try await pipeline.prepare(events, service: self)
        } catch {
            logger.warning("could not prepare a batch ahead; its transaction applies it", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// ``applyBatch(_:)`` with the batch prepared ahead: its transaction checks that what the
    /// rules read still holds and writes what they made, or applies them again itself.
    public func applyBatch(_ events: [Envelope], prepared: ClockPipeline.Prepared?) async throws -> [(Envelope, [UInt8], [OutboxItem])] {
        defer { if let prepared { pipeline.finish(prepared) } }
        return try await commitBatch(events) { [pipeline] fresh, db in
            if let prepared {
                let holds = try pipeline.holds(prepared, fresh: fresh, store: store, in: db)
                Self.prepared.increment(holds ? "written" : "applied_again")
                if holds { return prepared.changes }
            }
            var fresh = fresh
            var changes = ClockChanges()
            for event in events where fresh.remove(event.id) != nil { try apply(event, to: &changes, in: db) }
            return try store.prepare(changes)
        }
    }

    /// A batch's transaction: locks its tickets, records its events in the inbox, and writes
    /// the changes `changes` makes from the ids new to the inbox. ``applyBatch(_:)`` applies
    /// the rules there; ``SLAStoreBenchmark`` hands in changes prepared before, so it times
    /// this same transaction without them.
    func commitBatch(
        _ events: [Envelope], _ changes: @escaping @Sendable (Set<String>, any StoreConnection) throws -> ClockStore.PreparedChanges
    ) async throws -> ClockStore.Produced {
        try await store.commit { db in
            try store.lock(events.compactMap(\.ticketID), in: db)
            let fresh = try OutboxTable.markProcessed(events.map(\.id), at: Date().timeIntervalSince1970, in: db)
            return try store.write(try changes(fresh, db), in: db)
        }
    }

    /// Applies one delivered event, new to the inbox, inside the caller's transaction, gathering
    /// its clocks and events into `changes`.
    func apply(_ envelope: Envelope, to changes: inout ClockChanges, in db: any StoreConnection) throws {
        try apply(
            envelope, to: &changes,
            from: ClockSource(
                clocks: { try store.load($0, in: db) }, takeEarly: { try store.takeEarly($0, in: db) },
                holdEarly: { try store.holdEarly($0, bytes: try EnvelopeCodec.encode($0), ticketID: $1, in: db) }))
    }

    /// The rules for one event, reading clocks and early updates from `source`: a transaction's
    /// store, or what ``ClockPipeline`` prepares a batch from ahead of its transaction.
    func apply(_ envelope: Envelope, to changes: inout ClockChanges, from source: ClockSource) throws {
        let policy = configuration.policy
        var events: [Event] = []
        switch envelope.event {
        case .ticketClassified(let classified):
            guard try changes[classified.ticket.id] ?? source.clocks(classified.ticket.id) == nil else { return }
            var clocks = TicketClocks(classified: classified, start: envelope.occurredAt, policy: policy)
            events.append(clocks.started)
            for early in try source.takeEarly(classified.ticket.id) {
                if case .ticketUpdated(let update) = early.event { events += clocks.apply(update, policy: policy) }
            }
            changes.set(clocks)
        case .ticketUpdated(let update):
            guard var clocks = try changes[update.ticket.id] ?? source.clocks(update.ticket.id) else {
                try source.holdEarly(envelope, update.ticket.id)
                return
            }
            events += clocks.apply(update, policy: policy)
            changes.set(clocks)
        default:
            return
        }
        record(events, cause: envelope, into: &changes)
    }

    /// Makes the envelopes of `events`; ids derive from the cause so a recomputation after a
    /// crash cannot produce a second, different event.
    private func record(_ events: [Event], cause: Envelope?, into changes: inout ClockChanges) {
        var salts: [String: Int] = [:]
        for event in events {
            var id: String? = nil
            if let cause {
                let base = "\(event.topic.rawValue)/\(event.ticketID ?? "")"
                let n = salts[base, default: 0]
                salts[base] = n + 1
                id = EventID.derived(from: cause.id, salt: "\(base)/\(n)")
            }
            changes.events.append(factory.envelope(event, id: id, traceParent: cause?.traceParent))
        }
    }

    private func emit(_ produced: [(Envelope, [UInt8], [OutboxItem])]) async {
        for (envelope, bytes, items) in produced {
            bus.publish(envelope, bytes: bytes)
            Self.events.increment(envelope.topic.rawValue)
            await sender.send(items)
            logger.info("sla event", metadata: envelope.logMetadata)
        }
    }

    /// A policy change recomputes every open clock (SPEC: targets come from the policy). The
    /// policy's fingerprint is kept in the store, so this runs once per change, in pages of one
    /// transaction each. The page cursor is kept in the store too, and each page holds a lock:
    /// instances sharing a PostgreSQL store (or one restarted half-way) continue one pass
    /// instead of recomputing a clock twice.
    func recomputeIfPolicyChanged() async throws {
        let policy = configuration.policy
        let fingerprint = try policy.fingerprint()
        let cursorKey = "policy.cursor.\(fingerprint)"
        var tickets = 0
        while true {
            let (produced, (ids, done)) = try await store.commit { db -> (ClockStore.Produced, ([String], Bool)) in
                try store.lock(["sla.policy"], in: db)
                let previous = try store.meta("policy", in: db)
                guard previous != fingerprint else { return ([], ([], true)) }
                guard previous != nil else {
                    try store.setMeta("policy", fingerprint, in: db)
                    return ([], ([], true))
                }
                let ids = try store.open(after: try store.meta(cursorKey, in: db) ?? "", limit: 500, in: db)
                try store.lock(ids, in: db)
                var changes = ClockChanges()
                for id in ids {
                    guard var clocks = try store.load(id, in: db) else { continue }
                    let events = clocks.retarget(at: Date(), policy: policy)
                    changes.set(clocks)
                    record(events, cause: nil, into: &changes)
                }
                let produced = try store.write(changes, in: db)
                if let last = ids.last { try store.setMeta(cursorKey, last, in: db) }
                if ids.count < 500 { try store.setMeta("policy", fingerprint, in: db) }
                return (produced, (ids, ids.count < 500))
            }
            tickets += ids.count
            await emit(produced)
            if done { break }
        }
        if tickets > 0 { logger.info("policy changed: open clocks recomputed", metadata: ["tickets": "\(tickets)"]) }
    }

    /// Fires due warnings and breaches every tick. Each firing is committed with its clock, so
    /// after a SIGKILL the loop resumes exactly where the store says it was.
    private func timers() async {
        do {
            try await recomputeIfPolicyChanged()
        } catch {
            logger.error("could not recompute clocks for the new policy", metadata: ["error": "\(error)"])
        }
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(configuration.tickMilliseconds))
            do {
                await emit(try await firePass(now: Date()))
            } catch {
                logger.error("timer pass failed", metadata: ["error": "\(error)"])
            }
            do {
                try await fold()
            } catch {
                logger.error("clock journal fold failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One timer pass: fires every warning and breach due by `now`, committing each with its
    /// clock, and returns what to publish and hand off.
    func firePass(now: Date) async throws -> [(Envelope, [UInt8], [OutboxItem])] {
        let policy = configuration.policy
        // PostgreSQL: look first with a read, since most passes find nothing due and need no
        // write lock. SQLite: the look is in memory, in the writer's (empty) transaction.
        var looked: [String]? = nil
        if !store.dueTimesInMemory {
            looked = try await store.storage.read { db in try store.due(now: now, limit: 1000, in: db) }
            guard looked?.isEmpty == false else { return [] }
        }
        return try await store.commit { [looked] db in
            var changes = ClockChanges()
            for ticketID in try looked ?? store.due(now: now, limit: 1000, in: db) where try store.tryLock(ticketID, in: db) {
                // Loaded under the lock: another instance may have fired it since the look.
                guard var clocks = try store.load(ticketID, in: db) else { continue }
                let events = clocks.fire(now: now, policy: policy)
                changes.set(clocks)
                record(events, cause: nil, into: &changes)
            }
            return try store.write(changes, in: db)
        }
    }
}

extension SLAService {
    static let events = CounterFamily("supportdesk_sla_events_total", labels: ["topic"])
    /// Batches prepared ahead of their transaction, by what the transaction did with them:
    /// `written` as prepared, or `applied_again` because what the rules read had changed.
    static let prepared = CounterFamily("supportdesk_sla_prepared_batches_total", labels: ["outcome"])
}
