import GRDB

/// What "ready" means for a service (issue #12): its store takes a write, and its outbox
/// backlog is under its limit (a growing backlog means the bus or a consumer is not taking work).
public enum Readiness {
    public static let backlogLimit = 10_000

    public static func checks(pool: DatabasePool?, sender: HandOffSender?) async -> [String: Bool] {
        var checks: [String: Bool] = [:]
        if let pool {
            checks["store"] = (try? await pool.write { db in try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS ready_probe (x)") }) != nil
        }
        if let sender { checks["backlog"] = await sender.backlog < backlogLimit }
        return checks
    }
}
