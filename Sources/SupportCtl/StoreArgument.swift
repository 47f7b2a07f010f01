import ArgumentParser
import Foundation
import Logging
import SupportStore

/// What a `--store` option names: a service's SQLite file, which must exist, or the PostgreSQL
/// server its instances share.
enum StoreArgument {
    static let help = "its SQLite file, or postgres://USER:PASSWORD@HOST:PORT/DATABASE when its instances share PostgreSQL"

    /// A command's store logs only what goes wrong: the migrations a first run applies are not news.
    static var logger: Logger {
        var logger = Logger(label: "supportctl.store")
        logger.logLevel = .warning
        return logger
    }

    static func location(_ text: String, service: String) throws -> StoreLocation {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            do {
                return try StoreLocation(url: text)
            } catch {
                throw ValidationError("--store: \(error)")
            }
        }
        guard FileManager.default.fileExists(atPath: text) else {
            throw ValidationError("no \(service) store at \(text); start the suite once, or pass --store")
        }
        return .sqlite(path: text)
    }
}
