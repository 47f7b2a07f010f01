import Foundation

/// How well one field was predicted: accuracy and the confusion matrix.
public struct ClassifierFieldEvaluation: Sendable, Codable, Equatable {
    /// The field evaluated.
    public let field: ClassifierField
    /// Labels in row and column order.
    public let labels: [String]
    /// `confusion[actual][predicted]`: how many examples of label `actual` got label `predicted`.
    public let confusion: [[Int]]

    /// Examples whose prediction was right.
    public var correct: Int { labels.indices.reduce(0) { $0 + confusion[$1][$1] } }
    /// Examples evaluated.
    public var total: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    /// Share of right predictions, in [0, 1]; 0 when nothing was evaluated.
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    init(field: ClassifierField, pairs: [(actual: Int, predicted: Int)]) {
        self.field = field
        labels = field.labels
        var matrix = Array(repeating: Array(repeating: 0, count: field.labels.count), count: field.labels.count)
        for pair in pairs { matrix[pair.actual][pair.predicted] += 1 }
        confusion = matrix
    }

    private enum CodingKeys: String, CodingKey {
        case field, labels, confusion, accuracy, correct, total
    }

    /// Decodes an evaluation; the derived numbers in the JSON are recomputed, not trusted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(ClassifierField.self, forKey: .field)
        labels = try container.decode([String].self, forKey: .labels)
        confusion = try container.decode([[Int]].self, forKey: .confusion)
    }

    /// Encodes the matrix together with accuracy, correct and total, for scripts reading `--json`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(labels, forKey: .labels)
        try container.encode(confusion, forKey: .confusion)
        try container.encode(accuracy, forKey: .accuracy)
        try container.encode(correct, forKey: .correct)
        try container.encode(total, forKey: .total)
    }

    /// The confusion matrix as a Markdown table, actual labels down, predicted across.
    public var markdownTable: String {
        var lines = ["| actual \\ predicted | " + labels.joined(separator: " | ") + " |"]
        lines.append("|---|" + String(repeating: "---:|", count: labels.count))
        for (label, row) in zip(labels, confusion) {
            lines.append("| \(label) | " + row.map(String.init).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
