import Foundation

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// Classifies tickets with a trained `ClassifierModel`; cheap to copy, safe to share across tasks.
///
/// Construction expands the model into lookup arrays once (a bucket-to-row index and 64-byte rows
/// holding every class of every field), so that classifying is one pass over the text with one
/// array read and one vector add per feature, and no allocation besides a stack buffer.
public struct TicketClassifier: Sendable {
    /// The most classes of all fields together that a row holds (one `SIMD16<Float>`).
    static let maximumClassCount = 16

    /// The model this classifier runs.
    public let model: ClassifierModel
    private let extractor: FeatureExtractor
    /// Row of each bucket, or -1 for a bucket training never saw.
    private let rowOfBucket: [Int32]
    private let rows: [SIMD16<Float>]
    private let logPriors: SIMD16<Float>
    /// Per-class weight of words, word pairs and character n-grams (the field's weight in its columns).
    private let wordWeights: SIMD16<Float>
    private let pairWeights: SIMD16<Float>
    private let gramWeights: SIMD16<Float>
    private let typeColumns: Range<Int>
    private let priorityColumns: Range<Int>
    private let languageColumns: Range<Int>

    /// Prepares a classifier for `model`. A model can only be made by the trainer or by a
    /// validating load, so this cannot fail.
    public init(model: ClassifierModel) {
        self.model = model
        extractor = FeatureExtractor(configuration: model.features)
        let classCount = model.classCount

        var rowOfBucket = [Int32](repeating: -1, count: model.features.bucketCount)
        var rows = [SIMD16<Float>](repeating: .zero, count: model.buckets.count)
        for (row, bucket) in model.buckets.enumerated() {
            rowOfBucket[Int(bucket)] = Int32(row)
            for column in 0..<classCount {
                rows[row][column] = model.weights[row * classCount + column]
            }
        }
        self.rowOfBucket = rowOfBucket
        self.rows = rows

        var priors = SIMD16<Float>.zero
        var word = SIMD16<Float>.zero
        var pair = SIMD16<Float>.zero
        var gram = SIMD16<Float>.zero
        var columnRanges: [Range<Int>] = []
        var column = 0
        for (parameters, weights) in zip(model.fields, model.features.weights) {
            let start = column
            for prior in parameters.logPriors {
                priors[column] = Float(prior)
                word[column] = Float(weights.word)
                pair[column] = Float(weights.wordPair)
                gram[column] = Float(weights.characterGram)
                column += 1
            }
            columnRanges.append(start..<column)
        }
        logPriors = priors
        wordWeights = word
        pairWeights = pair
        gramWeights = gram
        typeColumns = columnRanges[0]
        priorityColumns = columnRanges[1]
        languageColumns = columnRanges[2]
    }

    /// Suggests type, priority and language for a ticket.
    ///
    /// Any text is accepted: empty, emoji-only or binary-looking input gets the most likely labels
    /// given no evidence (the priors), and only the first `maximumScalars` scalars of a huge paste
    /// are read.
    public func classify(subject: String, description: String) -> TicketClassification {
        let scores = logits(subject: subject, description: description)
        let type = best(scores, typeColumns, model.fields[0].temperature)
        let priority = best(scores, priorityColumns, model.fields[1].temperature)
        let language = best(scores, languageColumns, model.fields[2].temperature)
        return TicketClassification(
            type: TicketType.allCases[type.index],
            typeConfidence: type.confidence,
            priority: Priority.allCases[priority.index],
            priorityConfidence: priority.confidence,
            language: Language.allCases[language.index],
            languageConfidence: language.confidence
        )
    }

    /// Unscaled log-probabilities of every class of every field, up to a constant per field.
    func logits(subject: String, description: String) -> SIMD16<Float> {
        var words = SIMD16<Float>.zero
        var pairs = SIMD16<Float>.zero
        var grams = SIMD16<Float>.zero
        rowOfBucket.withUnsafeBufferPointer { rowOfBucket in
            rows.withUnsafeBufferPointer { rows in
                extractor.forEachFeature(subject: subject, description: description) { bucket, kind in
                    let row = rowOfBucket[bucket]
                    guard row >= 0 else { return }
                    switch kind {
                    case .word: words += rows[Int(row)]
                    case .wordPair: pairs += rows[Int(row)]
                    case .characterGram: grams += rows[Int(row)]
                    }
                }
            }
        }
        return logPriors + wordWeights * words + pairWeights * pairs + gramWeights * grams
    }

    /// The column of the highest score within `columns`, and its softmax probability at
    /// `temperature`.
    func best(_ scores: SIMD16<Float>, _ columns: Range<Int>, _ temperature: Double) -> (index: Int, confidence: Double) {
        var bestColumn = columns.lowerBound
        for column in columns where scores[column] > scores[bestColumn] {
            bestColumn = column
        }
        let top = Double(scores[bestColumn])
        var total = 0.0
        for column in columns {
            total += exp((Double(scores[column]) - top) / temperature)
        }
        let confidence = total > 0 && total.isFinite ? 1 / total : 0
        return (bestColumn - columns.lowerBound, min(max(confidence, 0), 1))
    }
}
