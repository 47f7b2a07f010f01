import Foundation

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// A model's accuracy on labelled tickets, per field, with confusion matrices: what `evaluate`
/// prints and what the shipped-model test holds to its targets.
public struct ClassifierEvaluation: Sendable, Codable, Equatable {
    /// Number of tickets evaluated.
    public let exampleCount: Int
    /// Type results.
    public let type: ClassifierFieldEvaluation
    /// Priority results.
    public let priority: ClassifierFieldEvaluation
    /// Language results.
    public let language: ClassifierFieldEvaluation

    /// Classifies every example and compares with its labels.
    public init(classifier: TicketClassifier, examples: [LabeledTicket]) {
        self.init(predictions: examples.map { ($0, classifier.classify(subject: $0.subject, description: $0.description)) })
    }

    init(predictions: [(LabeledTicket, TicketClassification)]) {
        exampleCount = predictions.count
        type = ClassifierFieldEvaluation(
            field: .type,
            pairs: predictions.map { (Self.index($0.type), Self.index($1.type)) }
        )
        priority = ClassifierFieldEvaluation(
            field: .priority,
            pairs: predictions.map { (Self.index($0.priority), Self.index($1.priority)) }
        )
        language = ClassifierFieldEvaluation(
            field: .language,
            pairs: predictions.map { (Self.index($0.language), Self.index($1.language)) }
        )
    }

    private static func index<Label: CaseIterable & Equatable>(_ label: Label) -> Int {
        Array(Label.allCases).firstIndex(of: label)!
    }

    /// The three fields in `ClassifierField` order.
    public var fields: [ClassifierFieldEvaluation] { [type, priority, language] }

    /// Accuracy table and confusion matrices in Markdown.
    public var report: String {
        var lines = ["| field | accuracy | correct / total |", "|---|---:|---:|"]
        for field in fields {
            let percent = String(format: "%.1f %%", field.accuracy * 100)
            lines.append("| \(field.field.rawValue) | \(percent) | \(field.correct) / \(field.total) |")
        }
        for field in fields {
            lines.append("")
            lines.append("### \(field.field.rawValue)")
            lines.append("")
            lines.append(field.markdownTable)
        }
        return lines.joined(separator: "\n")
    }
}
