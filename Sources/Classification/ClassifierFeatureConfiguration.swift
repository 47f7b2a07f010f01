import Foundation

/// How ticket text becomes hashed features, stored inside every model so that training and
/// classification can never disagree about it.
///
/// Text is lower-cased and accent-folded (`ação` and `acao` are one word, since customers type both),
/// split into words on anything that is not a letter or a digit, and turned into three kinds of
/// feature: words, pairs of adjacent words, and character n-grams taken inside each word with a
/// boundary mark at both ends (they catch typos, inflections and the spelling habits that tell
/// Portuguese from Spanish). Every feature is hashed with FNV-1a into one of `bucketCount` buckets,
/// so the model needs no vocabulary and a lookup is an array index.
public struct ClassifierFeatureConfiguration: Sendable, Codable, Equatable {
    /// Number of hash buckets, as a power of two. Default 18 (262,144 buckets): few collisions for
    /// a support vocabulary, while the model stores only the buckets that training actually saw.
    public var bucketBits: Int
    /// Shortest character n-gram, in Unicode scalars including the boundary mark. Default 3.
    public var minimumCharacterGram: Int
    /// Longest character n-gram, in Unicode scalars including the boundary mark. Default 5.
    public var maximumCharacterGram: Int
    /// Words longer than this many scalars (URLs, tokens, base64) give no character n-grams, which
    /// would only be noise. Default 24.
    public var maximumCharacterGramWordLength: Int
    /// Only this many Unicode scalars of subject plus description are read. Default 8,192: every
    /// real ticket fits, and a hostile 100 KB paste costs no more than a long ticket.
    public var maximumScalars: Int
    /// Additive (Laplace/Lidstone) smoothing of the naive Bayes counts. Default 0.1: the corpus is
    /// small, so a full count of 1 would drown the rare but telling words.
    public var smoothing: Double
    /// How much each feature kind counts, per field, at classification time (naive Bayes over
    /// overlapping features counts the same evidence several times; these weights temper that).
    public var weights: [ClassifierFeatureWeights]

    /// Creates a configuration; every default is documented on its property.
    public init(
        bucketBits: Int = 18,
        minimumCharacterGram: Int = 3,
        maximumCharacterGram: Int = 5,
        maximumCharacterGramWordLength: Int = 24,
        maximumScalars: Int = 8_192,
        smoothing: Double = 0.1,
        weights: [ClassifierFeatureWeights] = ClassifierFeatureWeights.defaults
    ) {
        self.bucketBits = bucketBits
        self.minimumCharacterGram = minimumCharacterGram
        self.maximumCharacterGram = maximumCharacterGram
        self.maximumCharacterGramWordLength = maximumCharacterGramWordLength
        self.maximumScalars = maximumScalars
        self.smoothing = smoothing
        self.weights = weights
    }

    /// Number of hash buckets (`1 << bucketBits`).
    public var bucketCount: Int { 1 << bucketBits }

    /// Checks the values a model file could carry, so a damaged or hand-edited file fails at load
    /// time instead of at the first ticket.
    func validate() throws(ClassifierModelError) {
        guard (8...24).contains(bucketBits) else { throw .invalidConfiguration("bucketBits \(bucketBits) outside 8...24") }
        guard minimumCharacterGram >= 1, maximumCharacterGram >= minimumCharacterGram, maximumCharacterGram <= 8 else {
            throw .invalidConfiguration("character n-gram range \(minimumCharacterGram)...\(maximumCharacterGram)")
        }
        guard maximumCharacterGramWordLength >= 1, maximumScalars >= 1, maximumScalars <= 1 << 20 else {
            throw .invalidConfiguration("length limits")
        }
        guard smoothing > 0, smoothing.isFinite else { throw .invalidConfiguration("smoothing \(smoothing)") }
        guard weights.count == ClassifierField.allCases.count else {
            throw .invalidConfiguration("\(weights.count) weight sets for \(ClassifierField.allCases.count) fields")
        }
    }
}
