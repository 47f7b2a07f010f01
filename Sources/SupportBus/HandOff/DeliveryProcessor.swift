import Foundation
public import Logging
import SupportDomain

/// The one consume loop every stateful service runs: decode, apply a batch in one transaction,
/// acknowledge after the commit; on failure retry one by one, give a failing delivery back
/// (NACK) so it is resent, and after `maximumAttempts` tries move it to the dead letters and
/// acknowledge it, so one poison message never blocks a queue. An undecodable delivery goes to
/// the dead letters at once: no later try can decode it.
public struct DeliveryProcessor: Sendable {
    public let bus: BusClient
    public let logger: Logger
    public let maximumAttempts: Int
    /// Stores a dead letter durably (in the service's own store).
    public let deadLetter: @Sendable (DeadLetterTable.Entry) async throws -> Void

    public init(
        bus: BusClient, logger: Logger, maximumAttempts: Int = 5,
        deadLetter: @escaping @Sendable (DeadLetterTable.Entry) async throws -> Void
    ) {
        self.bus = bus
        self.logger = logger
        self.maximumAttempts = maximumAttempts
        self.deadLetter = deadLetter
    }

    /// Runs until the bus stops. `apply` commits the effects of its envelopes in one
    /// transaction (a redelivered envelope must have no second effect) and may publish after.
    public func run(maximumBatch: Int = 512, apply: @escaping @Sendable ([Envelope]) async throws -> Void) async {
        await run(maximumBatch: maximumBatch) { _ in () } apply: { envelopes, _ in try await apply(envelopes) }
    }

    /// Runs until the bus stops, as `run(maximumBatch:apply:)`, with a step before `apply`:
    /// `prepare` gets each batch while the batch before it is still in `apply`, batch after
    /// batch in order, and `apply` gets what it returned (nil when a failed batch is retried one
    /// event at a time).
    ///
    /// Deliveries are decoded by a task of their own as they arrive, while the batch before
    /// them is applied: a transaction keeps one core on SQLite's statements and commit, and the
    /// decoding of what comes next uses the other (BENCHMARKS.md). The applying loop then takes
    /// everything decoded so far, up to `maximumBatch`, in arrival order.
    public func run<Prepared: Sendable>(
        maximumBatch: Int = 512, prepare: @escaping @Sendable ([Envelope]) async -> Prepared,
        apply: @escaping @Sendable ([Envelope], Prepared?) async throws -> Void
    ) async {
        let decoded = DecodedDeliveries()
        await withDiscardingTaskGroup { group in
            group.addTask { [bus] in
                for await batch in bus.batches(maximum: maximumBatch) {
                    decoded.append(zip(batch, EnvelopeCodec.decode(batch.map(\.bytes))).map { ($0, $1) })
                }
                decoded.finish()
            }
            await applyLoop(decoded, maximumBatch: maximumBatch, prepare: prepare, apply: apply)
        }
    }

    private func applyLoop<Prepared: Sendable>(
        _ decodedDeliveries: DecodedDeliveries, maximumBatch: Int, prepare: @escaping @Sendable ([Envelope]) async -> Prepared,
        apply: @Sendable ([Envelope], Prepared?) async throws -> Void
    ) async {
        var attempts: [String: Int] = [:]
        let service = String(bus.identity.split(separator: "-").first ?? "unknown")
        /// Event occurred → effect committed here, per role: how far behind this consumer is.
        func recordLag(_ delivery: Delivery, _ envelope: Envelope, now: Date) {
            Self.lag.record(.seconds(max(0, now.timeIntervalSince(envelope.occurredAt))), service, delivery.role.rawValue)
        }
        /// The next batch, prepared: started before the batch before it is applied.
        let take: @Sendable () async -> (batch: [DecodedDeliveries.Item], prepared: Prepared)? = {
            guard let batch = await decodedDeliveries.next(maximum: maximumBatch) else { return nil }
            return (batch, await prepare(batch.compactMap { try? $0.1.get() }))
        }
        var upcoming = Task { await take() }
        while let (batch, prepared) = await upcoming.value {
            upcoming = Task { await take() }
            var decoded: [(Delivery, Envelope)] = []
            for (delivery, result) in batch {
                switch result {
                case .success(let envelope): decoded.append((delivery, envelope))
                case .failure(let error): await bury(delivery, topic: nil, error: "\(error)", attempts: 1)
                }
            }
            guard !decoded.isEmpty else { continue }
            do {
                try await apply(decoded.map(\.1), prepared)
                let now = Date()
                bus.acknowledge(decoded.map(\.0))
                for (delivery, envelope) in decoded { recordLag(delivery, envelope, now: now) }
                for (delivery, _) in decoded where attempts[delivery.eventID] != nil { attempts[delivery.eventID] = nil }
            } catch {
                for (delivery, envelope) in decoded {
                    do {
                        try await apply([envelope], nil)
                        bus.acknowledge(delivery)
                        recordLag(delivery, envelope, now: Date())
                        attempts[delivery.eventID] = nil
                    } catch {
                        let tries = attempts[delivery.eventID, default: 0] + 1
                        if tries >= maximumAttempts {
                            attempts[delivery.eventID] = nil
                            await bury(delivery, topic: envelope.topic.rawValue, error: "\(error)", attempts: tries)
                        } else {
                            attempts[delivery.eventID] = tries
                            logger.warning(
                                "delivery failed; it will be resent",
                                metadata: ["event.id": "\(delivery.eventID)", "attempt": "\(tries)", "error": "\(error)"])
                            bus.reject(delivery)
                        }
                    }
                }
            }
        }
    }

    private func bury(_ delivery: Delivery, topic: String?, error: String, attempts: Int) async {
        let entry = DeadLetterTable.Entry(
            eventID: delivery.eventID, role: delivery.role.rawValue, topic: topic, error: error, attempts: attempts,
            failedAt: Date(), bytes: delivery.bytes)
        do {
            try await deadLetter(entry)
            bus.acknowledge(delivery)
            Self.deadLetters.increment(String(bus.identity.split(separator: "-").first ?? "unknown"), delivery.role.rawValue)
            logger.error(
                "delivery moved to dead letters",
                metadata: ["event.id": "\(delivery.eventID)", "role": "\(delivery.role.rawValue)", "attempts": "\(attempts)", "error": "\(error)"])
        } catch {
            logger.error("could not store a dead letter; it will be resent", metadata: ["event.id": "\(delivery.eventID)", "error": "\(error)"])
            bus.reject(delivery)
        }
    }
}

extension DeliveryProcessor {
    static let lag = TimerFamily("supportdesk_delivery_lag_seconds", labels: ["service", "role"])
    static let deadLetters = CounterFamily("supportdesk_dead_letters_total", labels: ["service", "role"])
}
