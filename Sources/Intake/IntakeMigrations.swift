import GRDB
import SupportBus

/// Intake's schema, one migration per shipped change; a shipped migration is never edited.
enum IntakeMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        OutboxTable.register(in: &migrator)
        migrator.registerMigration("intake-v1-tickets") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ticket (
                        id TEXT PRIMARY KEY NOT NULL,
                        number INTEGER NOT NULL,
                        account TEXT NOT NULL,
                        requester TEXT NOT NULL,
                        status TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        body BLOB NOT NULL,
                        UNIQUE (account, number)
                    ) WITHOUT ROWID;
                    CREATE TABLE account_counter (
                        account TEXT PRIMARY KEY NOT NULL,
                        last INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE refusal (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        account TEXT NOT NULL,
                        requester TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        created_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
