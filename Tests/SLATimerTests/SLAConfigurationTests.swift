import Foundation
import SupportRuntime
import SupportStore
import Testing

@testable import SLATimer

/// Where the sla service keeps its clocks, from its settings; a PostgreSQL password is a secret.
@Suite struct SLAConfigurationTests {
    static func store(environment: [String: String] = [:], _ overrides: [String: String] = [:]) throws -> StoreLocation {
        try SLAConfiguration(reader: ConfigReader(environment: environment, overrides: overrides)).store
    }

    @Test func storeComesFromStoreURLElseStorePath() throws {
        #expect(try Self.store() == .sqlite(path: "data/sla.sqlite"))
        #expect(try Self.store(["store.path": "/var/lib/sla.sqlite"]) == .sqlite(path: "/var/lib/sla.sqlite"))
        #expect(
            try Self.store(["store.url": "postgres://desk@db.internal/support"])
                == .postgres(PostgresLocation(host: "db.internal", user: "desk", database: "support")))
        #expect(
            try Self.store(environment: ["STORE_URL": "postgres://desk:secret@db.internal:6432/support"])
                == .postgres(PostgresLocation(host: "db.internal", port: 6432, user: "desk", password: "secret", database: "support")))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("store-url-\(UUID().uuidString)")
        try Data("postgres://desk:from-file@db/support\n".utf8).write(to: file)
        #expect(try Self.store(["store.urlFile": file.path]) == .postgres(PostgresLocation(host: "db", user: "desk", password: "from-file", database: "support")))
    }

    @Test func aPasswordOnTheCommandLineOrABadURLStopsStartUpWithoutShowingIt() throws {
        let onCommandLine = #expect(throws: ConfigError.self) { try Self.store(["store.url": "postgres://desk:secret@db/support"]) }
        #expect(onCommandLine?.key == "store.url")
        #expect(onCommandLine.map { !"\($0)".contains("secret") } == true, "the error never shows the password")
        let bad = #expect(throws: ConfigError.self) { try Self.store(["store.url": "mysql://db/support"]) }
        #expect(bad.map { "\($0)".contains("sqlite:PATH or postgres://") } == true, "the error says what would be valid")
    }
}
