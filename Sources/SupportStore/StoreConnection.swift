/// One transaction's access to a store, whichever engine holds it.
///
/// Synchronous on purpose: a service's rules run inside one transaction and decide as they read
/// (is this event new? what are the clocks now?), exactly as GRDB's `Database` allows. Each
/// engine runs the caller's closure on a thread of its own, never on the Swift concurrency pool.
///
/// Statements use `?` placeholders on both engines and SQL both accept (`INSERT … ON CONFLICT`,
/// `CAST`); where they differ, `engine` says which one is listening.
public protocol StoreConnection {
    var engine: StoreEngine { get }

    /// Runs a statement that returns no rows; answers how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int

    /// Runs a query and returns every row.
    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow]
}

/// The engines a store can run on.
public enum StoreEngine: String, Sendable {
    case sqlite, postgres
}

extension StoreConnection {
    /// The first row, if any.
    public func row(_ sql: String, _ arguments: [StoreValue] = []) throws -> StoreRow? {
        try rows(sql, arguments).first
    }

    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }
}
