public import GRDB

/// A service's tables, as a versioned history per engine: GRDB's migrator for SQLite (existing
/// files upgrade as before) and numbered statements for PostgreSQL (a newer history that starts
/// at the current shape).
public struct StoreSchema: Sendable {
    /// The PostgreSQL schema (namespace) the service's tables live in, so services can share
    /// one database: `intake`, `sla`, `notification`.
    public var name: String
    public var sqlite: DatabaseMigrator
    public var postgres: [StoreMigration]

    public init(name: String, sqlite: DatabaseMigrator, postgres: [StoreMigration]) {
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }
}

/// One step of a PostgreSQL schema history: applied once, in order, in one transaction.
public struct StoreMigration: Sendable {
    public var id: String
    public var statements: [String]

    public init(_ id: String, _ statements: [String]) {
        self.id = id
        self.statements = statements
    }
}
