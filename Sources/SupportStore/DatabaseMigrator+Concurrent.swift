import Foundation
public import GRDB

extension DatabaseMigrator {
    /// Migrates `writer` even when other processes open the same file at the same moment (two
    /// intakes starting together, supportctl creating a token): a migration that loses the race
    /// fails on the winner's tables, so it is retried after the winner has committed, when it
    /// finds every migration applied.
    public func migrateConcurrently(_ writer: some DatabaseWriter, attempts: Int = 5) throws {
        var attempt = 1
        while true {
            do {
                try migrate(writer)
                return
            } catch {
                guard attempt < attempts else { throw error }
                attempt += 1
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }
}
