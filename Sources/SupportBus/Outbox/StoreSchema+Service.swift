public import GRDB
public import SupportStore

extension StoreSchema {
    /// A stateful service's schema: the bus tables every such service keeps (outbox, inbox,
    /// dead letters) first, then its own migrations, on both engines.
    public static func service(
        _ name: String, postgres: [StoreMigration], sqlite registerOwn: (inout DatabaseMigrator) -> Void
    ) -> StoreSchema {
        var migrator = DatabaseMigrator()
        OutboxTable.register(in: &migrator)
        DeadLetterTable.register(in: &migrator)
        registerOwn(&migrator)
        // After the service's own: a migration added later must come last for stores made before it.
        BatchOutbox.register(in: &migrator)
        return StoreSchema(
            name: name, sqlite: migrator,
            postgres: OutboxTable.postgresMigrations + DeadLetterTable.postgresMigrations + postgres + BatchOutbox.postgresMigrations)
    }
}
