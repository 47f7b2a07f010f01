import ArgumentParser
import Logging

/// The options every service executable shares: a settings file, `--set key=value` overrides
/// and the log level.
public struct ServiceOptions: ParsableArguments, Sendable {
    @Option(help: "Settings file, YAML or JSON; nested keys flatten to dotted ones (bus.publishEndpoint).")
    public var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override one setting, highest precedence.", valueName: "key=value"))
    public var settings: [String] = []

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
        return try ConfigReader(file: config, overrides: overrides)
    }
}
