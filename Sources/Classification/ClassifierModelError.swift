import Foundation

/// Why a model file could not be read; the message names what was wrong so an operator can tell a
/// truncated copy from a file of another format or version.
public struct ClassifierModelError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case notAModel
        case unsupportedFormat
        case truncated
        case checksumMismatch
        case invalidConfiguration
        case labelMismatch
    }

    private let code: Code
    /// A sentence for the log.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The file does not start with the model magic bytes.
    public static let notAModel = ClassifierModelError(.notAModel, "not a classifier model file")
    /// The file is a model of a format version this build cannot read.
    public static func unsupportedFormat(_ version: UInt32) -> Self {
        Self(.unsupportedFormat, "unsupported model format version \(version)")
    }
    /// The file ends before the sizes in its header say it should.
    public static let truncated = ClassifierModelError(.truncated, "model file is truncated")
    /// The content hash does not match the version the file claims: the file was altered or damaged.
    public static func checksumMismatch(expected: String, actual: String) -> Self {
        Self(.checksumMismatch, "model content hash \(actual) does not match its version \(expected)")
    }
    /// A configuration or table value is out of range.
    public static func invalidConfiguration(_ detail: String) -> Self {
        Self(.invalidConfiguration, "invalid model configuration: \(detail)")
    }
    /// The model's class labels are not the ones this build knows.
    public static func labelMismatch(_ detail: String) -> Self {
        Self(.labelMismatch, "model labels do not match: \(detail)")
    }

    /// Errors are equal when their codes are, whatever the detail.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
