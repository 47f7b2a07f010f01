import Foundation
public import SupportStore
public import Logging

/// The housekeeping every stateful service runs on its store: processed event ids older than
/// the retention are forgotten (the inbox would otherwise grow forever), plus whatever the
/// service adds (intake: expired idempotency keys).
public struct StoreMaintenance: Sendable {
    public let store: Store
    public let logger: Logger
    /// How long processed event ids are kept (default 7 days).
    public var retention: TimeInterval = 7 * 86_400
    /// How often the pass runs.
    public var interval: Duration = .seconds(600)
    /// Extra clean-up in the same transaction, given the current time.
    public var extra: (@Sendable (any StoreConnection, Date) throws -> Void)?

    public init(store: Store, logger: Logger, extra: (@Sendable (any StoreConnection, Date) throws -> Void)? = nil) {
        self.store = store
        self.logger = logger
        self.extra = extra
    }

    /// One pass now; returns how many inbox rows were removed.
    @discardableResult
    public func pass(now: Date = Date()) async throws -> Int {
        try await store.write { db in
            let removed = try OutboxTable.pruneInbox(olderThan: now.timeIntervalSince1970 - retention, in: db)
            try extra?(db, now)
            return removed
        }
    }

    /// Runs a pass every `interval` until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                let removed = try await pass()
                if removed > 0 { logger.info("pruned processed event ids", metadata: ["rows": "\(removed)"]) }
            } catch {
                logger.warning("store maintenance failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
