import Foundation

/// Where a service keeps its state, from the `store.url` setting: `sqlite:PATH` for the embedded
/// default (one instance per file), or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` for a
/// server that several instances share.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// What `store.url` accepts, for error messages.
    public static let expected = "sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"

    /// Parses a `store.url` value; throws ``StoreError/badLocation(_:)`` naming what is wrong.
    public init(url text: String) throws {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError.badLocation("\(text): no file path after sqlite:") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            throw StoreError.badLocation("\(text): expected \(Self.expected)")
        }
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw StoreError.badLocation("\(text): no host")
        }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else { throw StoreError.badLocation("\(text): no database name after the host") }
        guard let user = url.user, !user.isEmpty else { throw StoreError.badLocation("\(text): no user name before @") }
        self = .postgres(
            PostgresLocation(
                host: host, port: url.port ?? 5432, user: user, password: url.password?.removingPercentEncoding,
                database: database))
    }

    /// The `store.url` value that names this location, password included: what a parent
    /// process passes to a service it starts.
    public var url: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location):
            let password = location.password.map {
                ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed.subtracting(CharacterSet(charactersIn: "@:/"))) ?? $0)
            } ?? ""
            return "postgres://\(location.user)\(password)@\(location.host):\(location.port)/\(location.database)"
        }
    }

    /// The URL with any password hidden: safe for logs and `/health`.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
        }
    }
}

/// A PostgreSQL server and database.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }
}
