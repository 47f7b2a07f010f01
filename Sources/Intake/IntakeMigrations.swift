import GRDB
import SupportBus

/// Intake's schema, one migration per shipped change; a shipped migration is never edited.
enum IntakeMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        OutboxTable.register(in: &migrator)
        DeadLetterTable.register(in: &migrator)
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
        migrator.registerMigration("intake-v2-replies-clocks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reply (
                        id TEXT PRIMARY KEY NOT NULL,
                        ticket_id TEXT NOT NULL REFERENCES ticket(id),
                        author TEXT NOT NULL,
                        public INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        created_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX reply_ticket ON reply (ticket_id, created_at);
                    CREATE TABLE ticket_clock (
                        ticket_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        state BLOB NOT NULL,
                        as_of REAL NOT NULL,
                        PRIMARY KEY (ticket_id, kind)
                    ) WITHOUT ROWID;
                    """)
        }
        AccessToken.register(in: &migrator)
        return migrator
    }
}
