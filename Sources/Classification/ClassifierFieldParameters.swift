import Foundation

/// What the model knows about one predicted field besides its feature table: its labels, how
/// common each label was in training, and how much to soften its scores into a confidence.
public struct ClassifierFieldParameters: Sendable, Codable, Equatable {
    /// The field these parameters predict.
    public let field: ClassifierField
    /// Class labels, in column order; equal to the raw values of the field's enum cases.
    public let labels: [String]
    /// Natural log of each label's prior probability, add-one smoothed so an unseen label stays
    /// possible.
    public let logPriors: [Double]
    /// Divisor of the log-probabilities before the softmax. Naive Bayes adds up many dependent
    /// features and is overconfident; the trainer picks this value by minimising the log-loss of
    /// out-of-fold predictions, so that a confidence of 0.8 is right about 80 % of the time.
    public let temperature: Double

    init(field: ClassifierField, logPriors: [Double], temperature: Double) {
        self.field = field
        self.labels = field.labels
        self.logPriors = logPriors
        self.temperature = temperature
    }

    func validate(expected: ClassifierField) throws(ClassifierModelError) {
        guard field == expected, labels == expected.labels else {
            throw .labelMismatch("\(field.rawValue) \(labels) where \(expected.rawValue) \(expected.labels) was expected")
        }
        guard logPriors.count == labels.count, logPriors.allSatisfy(\.isFinite) else {
            throw .invalidConfiguration("priors of \(field.rawValue)")
        }
        guard temperature > 0, temperature.isFinite else {
            throw .invalidConfiguration("temperature \(temperature) of \(field.rawValue)")
        }
    }
}
