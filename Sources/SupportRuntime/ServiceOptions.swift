import ArgumentParser
import Logging

/// The options every service executable shares: a settings file, `--set key=value` overrides
/// and the log format and level.
public struct ServiceOptions: ParsableArguments, Sendable {
    @Option(help: "Settings file, YAML or JSON; nested keys flatten to dotted ones (bus.publishEndpoint).")
    public var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override one setting, highest precedence.", valueName: "key=value"))
    public var settings: [String] = []

    @Option(help: ArgumentHelp("Log format: text (default) or json, one object per line (log.format).", valueName: "format"))
    public var logFormat: String?

    @Option(help: ArgumentHelp("Log level: trace, debug, info (default), notice, warning, error, critical (log.level).", valueName: "level"))
    public var logLevel: String?

    public init() {}

    /// The reader over command line, environment and file, in that order of precedence.
    public func reader() throws -> ConfigReader {
        var overrides: [String: String] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw ConfigError(key: setting, value: setting, expected: "key=value")
            }
            overrides[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
        }
        if let logFormat { overrides["log.format"] = logFormat }
        if let logLevel { overrides["log.level"] = logLevel }
        return try ConfigReader(file: config, overrides: overrides)
    }
}
