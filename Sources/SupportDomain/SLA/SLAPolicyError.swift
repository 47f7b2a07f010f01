/// Why an SLA policy or business calendar was rejected, and where.
///
/// Operators edit the policy file by hand, so every error names the place of the bad value as a
/// path into the file (`targets[3].resolution`, `calendars[0].hours.mon[1]`) and quotes the value,
/// and says what would be accepted. The path starts at the decoded value, prefixed with the
/// decoder's coding path when the policy is nested in a larger document.
///
/// Errors compare equal by ``code`` only, so a caller can match the kind of error without
/// spelling out the message.
public struct SLAPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of error, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidTimeZone, invalidTimeOfDay, emptyInterval, overlappingIntervals, unknownWeekday
            case noBusinessHours, invalidHoliday, invalidDuration, invalidName, conflictingFields
            case unknownCalendar, duplicateCalendar, invalidWarningFractions, invalidValue
            case duplicateTarget, missingTarget, missingField
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The name of the code, e.g. `invalidDuration`.
        public var description: String { value.rawValue }

        /// A time zone that is not an IANA identifier known to the system.
        public static let invalidTimeZone = Code(.invalidTimeZone)
        /// A wall-clock time that is not `HH:MM` between `00:00` and `24:00`.
        public static let invalidTimeOfDay = Code(.invalidTimeOfDay)
        /// An interval whose end is not after its start.
        public static let emptyInterval = Code(.emptyInterval)
        /// Two intervals of the same day that share some minutes.
        public static let overlappingIntervals = Code(.overlappingIntervals)
        /// A key of `hours` that is not `mon` … `sun`.
        public static let unknownWeekday = Code(.unknownWeekday)
        /// A calendar that is neither 24×7 nor open at any time of the week.
        public static let noBusinessHours = Code(.noBusinessHours)
        /// A holiday that is not a valid date, yearly date or Easter offset.
        public static let invalidHoliday = Code(.invalidHoliday)
        /// A duration that is not a positive count of `s`, `m`, `h` or `bd`.
        public static let invalidDuration = Code(.invalidDuration)
        /// An empty calendar name.
        public static let invalidName = Code(.invalidName)
        /// Fields that cannot be given together (e.g. `alwaysOpen` with `hours`).
        public static let conflictingFields = Code(.conflictingFields)
        /// A target that names a calendar the policy does not define.
        public static let unknownCalendar = Code(.unknownCalendar)
        /// Two calendars with the same name.
        public static let duplicateCalendar = Code(.duplicateCalendar)
        /// Warning fractions outside (0, 1) or not strictly increasing.
        public static let invalidWarningFractions = Code(.invalidWarningFractions)
        /// A value that is not one of the allowed names (plan group, ticket type, priority).
        public static let invalidValue = Code(.invalidValue)
        /// Two target rows that cover the same group × type × priority.
        public static let duplicateTarget = Code(.duplicateTarget)
        /// A group × type × priority that no target row covers.
        public static let missingTarget = Code(.missingTarget)
        /// A required field that is not in the document.
        public static let missingField = Code(.missingField)
    }

    /// The kind of error.
    public let code: Code
    /// Where the bad value is, as a path into the document (`targets[3].resolution`); empty for
    /// the root.
    public let path: String
    /// What is wrong and what would be accepted, quoting the value.
    public let message: String

    /// Creates an error; `path` is where the value sits, `message` what is wrong with it.
    public init(_ code: Code, at path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `path: message`, or just the message at the root.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// Equality on the code only, so `catch` sites can match the kind of error.
    public static func == (lhs: SLAPolicyError, rhs: SLAPolicyError) -> Bool { lhs.code == rhs.code }
}

extension SLAPolicyError {
    /// Renders a decoder's coding path the way operators read the file: `calendars[0].hours.mon`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { path, key in join(path, key) }
    }

    /// Appends a key (`.name`) or an array index (`[3]`) to a path.
    static func join(_ path: String, _ key: any CodingKey) -> String {
        if let index = key.intValue { return "\(path)[\(index)]" }
        return join(path, key.stringValue)
    }

    /// Appends a dotted component, or an index when `component` starts with `[`.
    static func join(_ path: String, _ component: String) -> String {
        if path.isEmpty || component.hasPrefix("[") { return path + component }
        return "\(path).\(component)"
    }
}

extension KeyedDecodingContainer {
    /// Decodes a required field of the policy or calendar format, naming the field when it is
    /// missing instead of a generic `keyNotFound`.
    /// - Throws: ``SLAPolicyError`` (`missingField`), or the decoder's error for a wrong type.
    func decodePolicyField<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        guard contains(key) else {
            throw SLAPolicyError(.missingField, at: SLAPolicyError.path(codingPath + [key]), "a required field is missing")
        }
        return try decode(type, forKey: key)
    }
}
