import Foundation

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// Trains a `ClassifierModel`: multinomial naive Bayes per field over hashed word, word-pair and
/// character n-gram counts, with confidences calibrated by cross-validation.
///
/// Naive Bayes suits this job: it learns from a few hundred tickets, trains in one counting pass,
/// and its model is one table of log-likelihoods that the classifier adds up. Training is
/// deterministic: the same examples and configuration give the same model version.
public enum ClassifierTrainer {
    /// Trains on `examples` (never on held-out data).
    ///
    /// - Parameters:
    ///   - examples: labelled tickets.
    ///   - features: feature and smoothing settings; the defaults were chosen by cross-validation.
    ///   - calibrationFolds: folds used to fit each field's temperature on out-of-fold
    ///     predictions. Default 5; with fewer than two examples per fold the temperature stays 1.
    public static func train(
        _ examples: [LabeledTicket],
        features: ClassifierFeatureConfiguration = .init(),
        calibrationFolds: Int = 5
    ) -> ClassifierModel {
        let temperatures = calibrate(examples, features: features, folds: calibrationFolds)
        return fit(examples, features: features, temperatures: temperatures)
    }

    /// Predicts each example with a model trained on the other folds and evaluates the
    /// predictions: the honest way to compare settings without looking at held-out data.
    ///
    /// - Parameter folds: number of folds, at least 2 (example `i` is in fold `i % folds`).
    public static func crossValidate(
        _ examples: [LabeledTicket],
        features: ClassifierFeatureConfiguration = .init(),
        folds: Int = 5
    ) -> ClassifierEvaluation {
        ClassifierEvaluation(
            predictions: outOfFoldLogits(examples, features: features, folds: max(folds, 2)).map { example, prediction in
                (example, prediction.classifier.classify(subject: example.subject, description: example.description))
            }
        )
    }

    /// One counting pass and the log-likelihood table, with fixed temperatures.
    static func fit(_ examples: [LabeledTicket], features: ClassifierFeatureConfiguration, temperatures: [Double]) -> ClassifierModel {
        let fields = ClassifierField.allCases
        let classCount = fields.reduce(0) { $0 + $1.labels.count }
        let offsets = [0, TicketType.allCases.count, TicketType.allCases.count + Priority.allCases.count]
        let extractor = FeatureExtractor(configuration: features)

        var counts = [Float](repeating: 0, count: features.bucketCount * classCount)
        var labelCounts = [Int](repeating: 0, count: classCount)
        for example in examples {
            let columns = [
                offsets[0] + TicketType.allCases.firstIndex(of: example.type)!,
                offsets[1] + Priority.allCases.firstIndex(of: example.priority)!,
                offsets[2] + Language.allCases.firstIndex(of: example.language)!,
            ]
            for column in columns { labelCounts[column] += 1 }
            counts.withUnsafeMutableBufferPointer { counts in
                extractor.forEachFeature(subject: example.subject, description: example.description) { bucket, _ in
                    for column in columns { counts[bucket * classCount + column] += 1 }
                }
            }
        }

        // A bucket is seen when any example produced it: every feature counts once in each field,
        // so the type columns alone tell.
        var buckets: [UInt32] = []
        var columnTotals = [Double](repeating: 0, count: classCount)
        for bucket in 0..<features.bucketCount {
            let base = bucket * classCount
            var seen = false
            for column in 0..<classCount where counts[base + column] > 0 {
                columnTotals[column] += Double(counts[base + column])
                seen = true
            }
            if seen { buckets.append(UInt32(bucket)) }
        }

        let alpha = features.smoothing
        let vocabulary = Double(buckets.count)
        var weights = [Float](repeating: 0, count: buckets.count * classCount)
        for (row, bucket) in buckets.enumerated() {
            let base = Int(bucket) * classCount
            for (field, offset) in zip(fields, offsets) {
                let columns = offset..<(offset + field.labels.count)
                var logLikelihoods: [Double] = []
                for column in columns {
                    let numerator = Double(counts[base + column]) + alpha
                    logLikelihoods.append(log(numerator / (columnTotals[column] + alpha * vocabulary)))
                }
                let mean = logLikelihoods.reduce(0, +) / Double(logLikelihoods.count)
                for (column, value) in zip(columns, logLikelihoods) {
                    weights[row * classCount + column] = Float(value - mean)
                }
            }
        }

        let total = Double(examples.count)
        let parameters = zip(fields, offsets).enumerated().map { index, pair in
            let (field, offset) = pair
            let labels = Double(field.labels.count)
            let priors = (0..<field.labels.count).map { log((Double(labelCounts[offset + $0]) + 1) / (total + labels)) }
            return ClassifierFieldParameters(field: field, logPriors: priors, temperature: temperatures[index])
        }
        return ClassifierModel(features: features, fields: parameters, buckets: buckets, weights: weights)
    }

    /// Per-field temperature minimising the log-loss of out-of-fold predictions.
    static func calibrate(_ examples: [LabeledTicket], features: ClassifierFeatureConfiguration, folds: Int) -> [Double] {
        let fields = ClassifierField.allCases
        guard folds >= 2, examples.count >= 2 * folds else { return fields.map { _ in 1 } }
        let predictions = outOfFoldLogits(examples, features: features, folds: folds)
        // Candidates from 0.05 to about 400, 8 per doubling.
        let candidates = (0..<105).map { 0.05 * pow(2, Double($0) / 8) }
        return fields.enumerated().map { index, field in
            var best = (temperature: 1.0, loss: Double.infinity)
            for temperature in candidates {
                var loss = 0.0
                for (example, prediction) in predictions {
                    loss += prediction.negativeLogLikelihood(
                        field: index,
                        truth: truthColumn(example, field),
                        temperature: temperature
                    )
                }
                if loss < best.loss { best = (temperature, loss) }
            }
            return best.temperature
        }
    }

    private static func truthColumn(_ example: LabeledTicket, _ field: ClassifierField) -> Int {
        switch field {
        case .type: TicketType.allCases.firstIndex(of: example.type)!
        case .priority: Priority.allCases.firstIndex(of: example.priority)!
        case .language: Language.allCases.firstIndex(of: example.language)!
        }
    }

    private static func outOfFoldLogits(
        _ examples: [LabeledTicket],
        features: ClassifierFeatureConfiguration,
        folds: Int
    ) -> [(LabeledTicket, OutOfFoldPrediction)] {
        var predictions: [(LabeledTicket, OutOfFoldPrediction)] = []
        for fold in 0..<folds {
            let training = examples.indices.filter { $0 % folds != fold }.map { examples[$0] }
            let classifier = TicketClassifier(model: fit(training, features: features, temperatures: [1, 1, 1]))
            for index in examples.indices where index % folds == fold {
                let example = examples[index]
                let logits = classifier.logits(subject: example.subject, description: example.description)
                predictions.append((example, OutOfFoldPrediction(classifier: classifier, logits: logits)))
            }
        }
        return predictions
    }
}

/// One out-of-fold prediction: the fold's classifier and the raw scores it gave.
struct OutOfFoldPrediction {
    let classifier: TicketClassifier
    let logits: SIMD16<Float>

    func negativeLogLikelihood(field: Int, truth: Int, temperature: Double) -> Double {
        let fields = classifier.model.fields
        let offset = fields[..<field].reduce(0) { $0 + $1.labels.count }
        let columns = offset..<(offset + fields[field].labels.count)
        let scaled = columns.map { Double(logits[$0]) / temperature }
        let top = scaled.max() ?? 0
        let logSum = top + log(scaled.reduce(0) { $0 + exp($1 - top) })
        return logSum - scaled[truth]
    }
}
