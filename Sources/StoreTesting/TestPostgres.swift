import Foundation
import SupportRuntime
import SupportStore
import Synchronization

/// The PostgreSQL server tests use, found or started once per test process.
enum TestPostgres {
    static let server: Result<PostgresLocation, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["SUPPORTDESK_TEST_POSTGRES"] {
            guard case .postgres(let location) = try StoreLocation(url: url) else {
                throw StoreError.badLocation("SUPPORTDESK_TEST_POSTGRES=\(url) is not a postgres:// URL")
            }
            return location
        }
        return try startThrowawayServer()
    }

    /// `initdb` and `pg_ctl` from Debian's `postgresql` package (or PATH), in a temporary folder,
    /// trust authentication on loopback, a free port. PostgreSQL refuses to run as root, so
    /// as root the server runs as the `postgres` user.
    private static func startThrowawayServer() throws -> PostgresLocation {
        let bin = try binaries()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportdesk-pg-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let asPostgres = getuid() == 0
        if asPostgres { try run("/bin/chown", ["postgres", folder.path]) }
        let data = folder.appendingPathComponent("data").path
        try run(bin + "/initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], asPostgres: asPostgres)
        let port = try FreePorts.find()
        try run(
            bin + "/pg_ctl",
            [
                "-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "start", "-o",
                "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1",
            ], asPostgres: asPostgres)
        stopCommand.withLock { $0 = (bin + "/pg_ctl", data, folder.path, asPostgres) }
        atexit {
            guard let (pgctl, data, folder, asPostgres) = TestPostgres.stopCommand.withLock({ $0 }) else { return }
            try? TestPostgres.run(pgctl, ["-D", data, "-m", "immediate", "stop"], asPostgres: asPostgres)
            try? FileManager.default.removeItem(atPath: folder)
        }
        return PostgresLocation(host: "127.0.0.1", port: port, user: "postgres", database: "postgres")
    }

    /// What the exit handler needs to stop the throwaway server and remove its folder.
    static let stopCommand = Mutex<(String, String, String, Bool)?>(nil)

    private static func binaries() throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted().reversed() {
            let bin = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb") { return bin }
        }
        throw StoreError.engine("no PostgreSQL server binaries (install Debian's postgresql, or set SUPPORTDESK_TEST_POSTGRES)")
    }

    /// Runs SQL with `psql` (database administration the store layer has no business doing).
    static func psql(_ server: PostgresLocation, database: String, _ sql: String) throws {
        var environment = ProcessInfo.processInfo.environment
        if let password = server.password { environment["PGPASSWORD"] = password }
        try run(
            "/usr/bin/psql",
            ["-h", server.host, "-p", "\(server.port)", "-U", server.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
            environment: environment)
    }

    /// Runs a command to its end, its output in a file (read for the error) rather than a pipe:
    /// `pg_ctl start` leaves a daemon behind that would hold a pipe open. Spawned and reaped
    /// directly, since this runs inside test discovery, where Foundation's `Process` may not be
    /// told its child exited.
    static func run(_ path: String, _ arguments: [String], asPostgres: Bool = false, environment: [String: String]? = nil) throws {
        let argv = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("supportdesk-pg-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cargv in
            withCStrings(env) { cenv in posix_spawn(&pid, argv[0], &actions, nil, cargv, cenv) }
        }
        guard spawned == 0 else { throw StoreError.engine("cannot start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw StoreError.engine("\(argv.joined(separator: " ")) failed (status \(status)): \(text)")
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
