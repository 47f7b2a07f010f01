import Foundation
import SupportRuntime
public import SupportStore

/// Fresh stores for tests, on either engine: a new SQLite file, or a new database on a real
/// PostgreSQL server — the one `SUPPORTDESK_TEST_POSTGRES` names (CI starts Debian's), or else a
/// throwaway server this process starts with the machine's `initdb` and stops at exit.
public enum TestStores {
    /// The engines tests run against: both where a PostgreSQL server can be had, else SQLite
    /// alone — but never on CI, where a missing server is a failure, not a skip.
    public static var engines: [StoreEngine] {
        if case .success = TestPostgres.server { return [.sqlite, .postgres] }
        if ProcessInfo.processInfo.environment["CI"] == "true" { return [.sqlite, .postgres] }
        return [.sqlite]
    }

    /// A location no other test uses.
    public static func fresh(_ engine: StoreEngine, name: String = "test") throws -> StoreLocation {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
            return .sqlite(path: folder.appendingPathComponent("\(name).sqlite").path)
        case .postgres:
            var server = try TestPostgres.server.get()
            server.database = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try TestPostgres.psql(server, database: "postgres", "CREATE DATABASE \(server.database)")
            return .postgres(server)
        }
    }
}

extension TestStores {
    /// Runs blocking set-up (creating a database, opening a store: start-up work that waits on
    /// the server) on a thread of its own. Tests run in parallel on the few threads of the
    /// concurrency pool; blocking them there would stall unrelated tests' async work.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await DedicatedThread.run(work)
    }
}
