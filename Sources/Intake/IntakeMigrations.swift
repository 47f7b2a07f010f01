import GRDB
import SupportBus
import SupportStore

/// Intake's schema, one migration per shipped change; a shipped migration is never edited.
enum IntakeMigrations {
    /// Both engines' histories; intake's tables live in the PostgreSQL schema `intake`.
    static var schema: StoreSchema { .service("intake", postgres: postgres, sqlite: register) }

    /// The same tables on PostgreSQL, at their current shape.
    static let postgres = [
        StoreMigration(
            "intake-v1-current",
            [
                """
                CREATE TABLE ticket (
                    id TEXT PRIMARY KEY NOT NULL, number BIGINT NOT NULL, account TEXT NOT NULL, requester TEXT NOT NULL,
                    status TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
                    body BYTEA NOT NULL, type TEXT, priority TEXT, channel TEXT, language TEXT, assignee TEXT, team TEXT,
                    next_due_at DOUBLE PRECISION, sla_state TEXT NOT NULL DEFAULT 'ok', UNIQUE (account, number))
                """,
                "CREATE TABLE account_counter (account TEXT PRIMARY KEY NOT NULL, last BIGINT NOT NULL)",
                """
                CREATE TABLE refusal (
                    event_id TEXT PRIMARY KEY NOT NULL, account TEXT NOT NULL, requester TEXT NOT NULL, reason TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL)
                """,
                """
                CREATE TABLE reply (
                    id TEXT PRIMARY KEY NOT NULL, ticket_id TEXT NOT NULL REFERENCES ticket(id), author TEXT NOT NULL,
                    public INTEGER NOT NULL, body TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)
                """,
                "CREATE INDEX reply_ticket ON reply (ticket_id, created_at)",
                """
                CREATE TABLE ticket_clock (
                    ticket_id TEXT NOT NULL, kind TEXT NOT NULL, state BYTEA NOT NULL, as_of DOUBLE PRECISION NOT NULL,
                    warned INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (ticket_id, kind))
                """,
                """
                CREATE TABLE access_token (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL, account TEXT,
                    secret_hash BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL, revoked_at DOUBLE PRECISION)
                """,
                "CREATE INDEX ticket_queue ON ticket (status, next_due_at, id)",
                "CREATE INDEX ticket_account ON ticket (account, next_due_at, id)",
                "CREATE INDEX ticket_created ON ticket (created_at, id)",
                "CREATE INDEX ticket_conversation ON ticket (requester, channel, created_at)",
                """
                CREATE TABLE idempotency_key (
                    token_id TEXT NOT NULL, key TEXT NOT NULL, request_hash BYTEA NOT NULL, ticket_id TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (token_id, key))
                """,
            ])
    ]

    /// intake's own SQLite migrations, after the bus tables'.
    static func register(in migrator: inout DatabaseMigrator) {
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
        migrator.registerMigration("intake-v4-queue") { db in
            // The agent's queue filters and sorts on these; the JSON body stays the record.
            try db.execute(
                sql: """
                    ALTER TABLE ticket ADD COLUMN type TEXT;
                    ALTER TABLE ticket ADD COLUMN priority TEXT;
                    ALTER TABLE ticket ADD COLUMN channel TEXT;
                    ALTER TABLE ticket ADD COLUMN language TEXT;
                    ALTER TABLE ticket ADD COLUMN assignee TEXT;
                    ALTER TABLE ticket ADD COLUMN team TEXT;
                    ALTER TABLE ticket ADD COLUMN next_due_at REAL;
                    ALTER TABLE ticket ADD COLUMN sla_state TEXT NOT NULL DEFAULT 'ok';
                    ALTER TABLE ticket_clock ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX ticket_queue ON ticket (status, next_due_at, id);
                    CREATE INDEX ticket_account ON ticket (account, next_due_at, id);
                    CREATE INDEX ticket_created ON ticket (created_at, id);
                    """)
        }
        migrator.registerMigration("intake-v5-idempotency") { db in
            // A client retrying POST /v1/tickets with the same Idempotency-Key gets the ticket it
            // already created instead of a second one.
            try db.execute(
                sql: """
                    CREATE TABLE idempotency_key (
                        token_id TEXT NOT NULL,
                        key TEXT NOT NULL,
                        request_hash BLOB NOT NULL,
                        ticket_id TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (token_id, key)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("intake-v6-conversations") { db in
            // A WhatsApp or chat message looks up the sender's open ticket on that channel.
            try db.execute(sql: "CREATE INDEX ticket_conversation ON ticket (requester, channel, created_at)")
        }
    }
}
