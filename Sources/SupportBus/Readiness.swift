public import SupportStore
import Synchronization

/// What "ready" means for a service (issue #12): the broker answers its heartbeats, its store
/// takes a write, and its outbox backlog is under its limit (a growing backlog means a
/// consumer downstream is not taking work). An orchestrator stops routing to a process that is
/// not ready; it does not restart it (that is liveness).
public enum Readiness {
    private static let limit = Atomic<Int>(10_000)

    /// Hand-offs waiting for DONE above which a producer reports not ready (`ops.backlogLimit`).
    public static var backlogLimit: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(newValue, ordering: .relaxed) }
    }

    public static func checks(store: Store?, sender: HandOffSender?, bus: BusClient?) async -> [String: Bool] {
        var checks: [String: Bool] = [:]
        if let bus { checks["bus"] = bus.isConnected }
        if let store { checks["store"] = await store.probe() }
        if let sender { checks["backlog"] = await sender.backlog < backlogLimit }
        return checks
    }
}
