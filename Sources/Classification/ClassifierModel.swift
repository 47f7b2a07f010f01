import Foundation

/// A trained ticket classifier as data: what `ClassifierTrainer` produces, what is shipped as a
/// file, and what `TicketClassifier` runs.
///
/// Only the hash buckets that training saw are stored, each with one log-likelihood per class of
/// every field (type, then priority, then language); a bucket never seen in training contributes
/// nothing, because it carries no evidence. Values are centred per field, which changes no
/// prediction and keeps them small.
public struct ClassifierModel: Sendable, Codable, Equatable {
    /// A content hash (`fnv1a64:` and 16 hex digits) of everything else in the model, so that a
    /// prediction can be traced to the exact model that made it and two builds of the same corpus
    /// and configuration have the same version.
    public let version: String
    /// The feature settings the tables were trained with.
    public let features: ClassifierFeatureConfiguration
    /// Per-field labels, priors and calibration, in `ClassifierField.allCases` order.
    public let fields: [ClassifierFieldParameters]
    /// The hash buckets that carry weights, ascending.
    public let buckets: [UInt32]
    /// Row-major log-likelihoods: `buckets.count` rows of `classCount` values.
    public let weights: [Float]

    /// Columns per row: the number of labels of all fields together.
    public var classCount: Int { fields.reduce(0) { $0 + $1.labels.count } }

    init(features: ClassifierFeatureConfiguration, fields: [ClassifierFieldParameters], buckets: [UInt32], weights: [Float]) {
        self.features = features
        self.fields = fields
        self.buckets = buckets
        self.weights = weights
        self.version = Self.contentHash(features: features, fields: fields, buckets: buckets, weights: weights)
    }

    private enum CodingKeys: String, CodingKey {
        case version, features, fields, buckets, weights
    }

    /// Decodes and validates a model, so that an invalid one can never reach a classifier.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        features = try container.decode(ClassifierFeatureConfiguration.self, forKey: .features)
        fields = try container.decode([ClassifierFieldParameters].self, forKey: .fields)
        buckets = try container.decode([UInt32].self, forKey: .buckets)
        weights = try container.decode([Float].self, forKey: .weights)
        try validate()
    }

    /// Checks every invariant `TicketClassifier` relies on, and the content hash.
    func validate() throws(ClassifierModelError) {
        try features.validate()
        guard fields.count == ClassifierField.allCases.count else {
            throw .labelMismatch("\(fields.count) fields")
        }
        for (parameters, field) in zip(fields, ClassifierField.allCases) {
            try parameters.validate(expected: field)
        }
        guard classCount <= TicketClassifier.maximumClassCount else {
            throw .invalidConfiguration("\(classCount) classes")
        }
        guard weights.count == buckets.count * classCount else {
            throw .invalidConfiguration("\(weights.count) weights for \(buckets.count) buckets")
        }
        var previous: UInt32? = nil
        for bucket in buckets {
            guard Int(bucket) < features.bucketCount, previous.map({ $0 < bucket }) ?? true else {
                throw .invalidConfiguration("bucket \(bucket) out of order or range")
            }
            previous = bucket
        }
        guard weights.allSatisfy(\.isFinite) else { throw .invalidConfiguration("non-finite weight") }
        let actual = Self.contentHash(features: features, fields: fields, buckets: buckets, weights: weights)
        guard actual == version else { throw .checksumMismatch(expected: version, actual: actual) }
    }

    /// FNV-1a (64-bit) over the canonical JSON of the settings and the little-endian tables.
    static func contentHash(
        features: ClassifierFeatureConfiguration,
        fields: [ClassifierFieldParameters],
        buckets: [UInt32],
        weights: [Float]
    ) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        for byte in ClassifierModelHeader.canonicalSettings(features: features, fields: fields) { mix(byte) }
        for bucket in buckets {
            withUnsafeBytes(of: bucket.littleEndian) { for byte in $0 { mix(byte) } }
        }
        for weight in weights {
            withUnsafeBytes(of: weight.bitPattern.littleEndian) { for byte in $0 { mix(byte) } }
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
