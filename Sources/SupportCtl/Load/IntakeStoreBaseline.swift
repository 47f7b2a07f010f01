import Foundation
import Intake
import Logging

/// The second baseline of a flat-out `load intake-http` or `load intake-zmq`: intake's store
/// alone, then SQLite alone, committing the run's number of tickets (``IntakeStoreBenchmark``).
/// Beside the service's rate it shows what the durable write costs and what the request around
/// it does.
struct IntakeStoreBaseline {
    let result: IntakeStoreBenchmark.Result
    let window: Int

    static func measure(tickets: Int, window: Int, logger: Logger) async throws -> IntakeStoreBaseline {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "intake-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await IntakeStoreBenchmark.run(tickets: tickets, window: window, folder: folder, logger: logger)
        return IntakeStoreBaseline(result: result, window: window)
    }

    var json: [String: Int] { ["storePerSecond": Int(result.storePerSecond), "sqlitePerSecond": Int(result.sqlitePerSecond)] }

    var lines: String {
        """
          baseline, intake's store alone (the same number of tickets, \(window) callers sharing group commits): \(Int(result.storePerSecond)) tickets/s
          baseline, SQLite alone writing the same rows, 512 tickets a transaction: \(Int(result.sqlitePerSecond)) tickets/s
        """
    }
}
