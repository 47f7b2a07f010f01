import Foundation
import Metrics
public import Logging
import SupportDomain

/// Drives a producer's outbox: sends each item, resends it until its DONE arrives, then reports
/// it acknowledged so the row can be deleted.
///
/// The resend timeout doubles per attempt up to a cap (the Lazy Pirate client's retry), so a
/// broker or worker that vanished is noticed by silence and the work goes to whoever serves the
/// role next. Receivers deduplicate by event id, so a resend never has a second effect.
public actor HandOffSender {
    private let client: BusClient
    private let logger: Logger
    private let initialTimeout: Duration
    private let maximumTimeout: Duration
    private let onAcknowledged: @Sendable ([OutboxKey]) async -> Void
    private var pending: [OutboxKey: Entry] = [:]
    private var acknowledged: [OutboxKey] = []
    private var flushing = false
    /// True: DONEs are reported as they come; false: every tick (100 ms), in one batch.
    private let reportAtOnce: Bool

    private struct Entry {
        var item: OutboxItem
        var attempts: Int
        var resendAt: ContinuousClock.Instant
        let sentAt: ContinuousClock.Instant
    }

    /// - Parameters:
    ///   - reportAtOnce: report DONEs as they arrive (batched only by what arrives while the
    ///     previous report runs), for a consumer that waits on them (classification's chained
    ///     acknowledgement); false reports every 100 ms, so a store deletes outbox rows in few
    ///     transactions instead of one `fsync` per DONE.
    ///   - onAcknowledged: called in batches with items whose DONE arrived; a durable producer
    ///     deletes their outbox rows there.
    public init(
        client: BusClient, logger: Logger, initialTimeout: Duration = .seconds(2), maximumTimeout: Duration = .seconds(30),
        reportAtOnce: Bool = false, onAcknowledged: @escaping @Sendable ([OutboxKey]) async -> Void
    ) {
        self.reportAtOnce = reportAtOnce
        self.client = client
        self.logger = logger
        self.initialTimeout = initialTimeout
        self.maximumTimeout = maximumTimeout
        self.onAcknowledged = onAcknowledged
    }

    /// Hand-offs waiting for DONE, for monitoring (readiness uses ``backlog``). Made on first
    /// use, after the process has bootstrapped its metrics system.
    /// The label is the service (`intake-3f2a…` → `intake`), so label values stay bounded.
    private lazy var service = String(client.identity.split(separator: "-").first ?? "unknown")
    private lazy var backlogGauge = Gauge(label: "supportdesk_outbox_backlog", dimensions: [("service", service)])
    /// How long the oldest hand-off has waited for its DONE: a consumer that stopped shows here
    /// first, long before the backlog reaches its limit.
    private lazy var oldestGauge = Gauge(
        label: "supportdesk_handoff_oldest_unacknowledged_seconds", dimensions: [("service", service)])
    /// Put-to-DONE time per consumer role: the hand-off latency, as a histogram.
    static let ackSeconds = TimerFamily("supportdesk_handoff_ack_seconds", labels: ["service", "role"])
    static let resends = CounterFamily("supportdesk_handoff_resends_total", labels: ["service", "role"])

    /// Sends `items` now and keeps them until acknowledged. Items already pending are ignored.
    public func send(_ items: [OutboxItem]) {
        let now = ContinuousClock.now
        var fresh: [OutboxItem] = []
        for item in items where pending[item.key] == nil {
            pending[item.key] = Entry(item: item, attempts: 1, resendAt: now + initialTimeout, sentAt: now)
            fresh.append(item)
        }
        client.put(fresh)
    }

    /// How many items wait for acknowledgement.
    public var backlog: Int { pending.count }

    /// The items still waiting for acknowledgement.
    public var pendingKeys: Set<OutboxKey> { Set(pending.keys) }

    /// Sends what `owed` returns (the outbox rows left by an earlier run), then consumes DONE
    /// notices and resends overdue items until cancelled.
    public func run(owed: @Sendable () async throws -> [OutboxItem] = { [] }) async {
        do {
            let items = try await owed()
            if !items.isEmpty { logger.info("resending owed hand-offs", metadata: ["count": "\(items.count)"]) }
            send(items)
        } catch {
            logger.error("could not read the outbox; owed hand-offs wait for the next start", metadata: ["error": "\(error)"])
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await (role, eventIDs) in self.client.completions {
                    await self.completed(eventIDs.map { OutboxKey(eventID: $0, role: role) })
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    await self.tick()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func completed(_ keys: [OutboxKey]) {
        let now = ContinuousClock.now
        for key in keys {
            guard let entry = pending.removeValue(forKey: key) else { continue }
            Self.ackSeconds.record(now - entry.sentAt, service, key.role.rawValue)
            acknowledged.append(key)
        }
        if reportAtOnce { startFlush() }
    }

    private func startFlush() {
        guard !flushing, !acknowledged.isEmpty else { return }
        flushing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while !acknowledged.isEmpty {
            let batch = acknowledged
            acknowledged.removeAll()
            await onAcknowledged(batch)
        }
        flushing = false
    }

    /// Items named in warnings per tick; the rest are counted in one more line.
    static let warningsPerTick = 5

    private func tick() {
        backlogGauge.record(pending.count)
        let now = ContinuousClock.now
        let oldest = pending.values.lazy.map(\.sentAt).min()
        oldestGauge.record(oldest.map { (now - $0).seconds } ?? 0)
        startFlush()
        var overdue: [OutboxItem] = []
        var warned = 0
        // Keys first, changes after: writing to `pending` while iterating it would copy the whole
        // table on every tick with something overdue (the loop holds a reference to it), and the
        // table is largest exactly when the broker is away and everything is overdue.
        let keys = pending.compactMap { $0.value.resendAt <= now ? $0.key : nil }
        for key in keys {
            guard var entry = pending[key] else { continue }
            entry.attempts += 1
            let backoff = initialTimeout * (1 << min(entry.attempts - 1, 8))
            entry.resendAt = now + min(backoff, maximumTimeout)
            pending[key] = entry
            overdue.append(entry.item)
            Self.resends.increment(service, key.role.rawValue)
            if entry.attempts == 3 || entry.attempts % 10 == 0 {
                warned += 1
                if warned <= Self.warningsPerTick {
                    logger.warning(
                        "hand-off not yet acknowledged, resending",
                        metadata: ["event.id": "\(key.eventID)", "role": "\(key.role.rawValue)", "attempts": "\(entry.attempts)"])
                }
            }
        }
        if warned > Self.warningsPerTick {
            // With the broker away, every item in the backlog comes due at once: one line for
            // the rest instead of a line each (a log storm of the outbox's size).
            logger.warning(
                "more hand-offs not yet acknowledged, resending",
                metadata: ["count": "\(warned - Self.warningsPerTick)", "backlog": "\(pending.count)"])
        }
        client.put(overdue)
    }
}
