/// A setting that stops start-up: the key, the value found and what would be valid.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let key: String
    public let value: String
    public let expected: String

    public init(key: String, value: String, expected: String) {
        self.key = key
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "bad setting \(key) (env \(ConfigReader.environmentName(for: key))) = \"\(value)\": expected \(expected)"
    }
}
