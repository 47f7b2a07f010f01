import Foundation

/// The weight of each feature kind for one predicted field.
///
/// Language is told best by character n-grams; type and priority by words and word pairs. One
/// shared feature pass feeds all three fields, and these weights let each field listen to the
/// kind of evidence that suits it.
public struct ClassifierFeatureWeights: Sendable, Codable, Equatable {
    /// Weight of single words.
    public var word: Double
    /// Weight of pairs of adjacent words.
    public var wordPair: Double
    /// Weight of character n-grams.
    public var characterGram: Double

    /// Creates a weight set.
    public init(word: Double, wordPair: Double, characterGram: Double) {
        self.word = word
        self.wordPair = wordPair
        self.characterGram = characterGram
    }

    /// Defaults chosen by 5-fold cross-validation on the training split only, in `ClassifierField`
    /// order (type, priority, language): type does best with words and pairs and a little of the
    /// n-grams, priority with more n-grams and fewer pairs, language with n-grams above all.
    public static let defaults: [ClassifierFeatureWeights] = [
        ClassifierFeatureWeights(word: 1, wordPair: 1, characterGram: 0.25),
        ClassifierFeatureWeights(word: 1, wordPair: 0.5, characterGram: 0.5),
        ClassifierFeatureWeights(word: 0.5, wordPair: 0.25, characterGram: 1),
    ]
}
