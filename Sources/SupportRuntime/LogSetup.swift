import Foundation
import Logging

/// Bootstraps swift-log once per process from `log.level` (trace…critical, default info) and
/// `log.format` (`text` or `json`, one object per line).
public enum LogSetup {
    public static func bootstrap(reader: ConfigReader, service: String) throws -> Logger {
        let levelText = try reader.choice(
            "log.level", default: "info", Logger.Level.allCases.map(\.rawValue))
        let level = Logger.Level(rawValue: levelText) ?? .info
        let format = try reader.choice("log.format", default: "text", ["text", "json"])
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "support.\(service)")
    }
}

/// One JSON object per line on standard error: time, level, logger, message and metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private static let lock = NSLock()

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": Date().formatted(.iso8601), "level": event.level.rawValue, "logger": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = value.description
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0a)
        Self.lock.withLock { FileHandle.standardError.write(data) }
    }
}
