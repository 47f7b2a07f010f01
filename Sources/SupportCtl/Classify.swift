import ArgumentParser
import Classification
import Foundation
import SupportDomain

/// `supportctl classify`: the classifier on JSON lines.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read {\"subject\", \"description\"} lines; write type, priority and language with confidences.",
        discussion: """
            Examples:
              echo '{"subject":"Bot fora do ar","description":"Nenhuma mensagem chega desde 10h"}' | supportctl classify
              supportctl classify --eval services/classification/corpus/heldout.jsonl
            """)

    @Option(help: "Classifier model file.")
    var model = "services/classification/model.bin"

    @Option(help: "Evaluate on labelled JSON lines (subject, description, type, priority, language) instead.")
    var eval: String?

    func run() throws {
        let path = try ResourceLocator().find(model, what: "classifier model (--model)")
        let classifier = TicketClassifier(model: try ClassifierModel.load(from: URL(fileURLWithPath: path)))
        if let eval {
            let examples: [LabeledTicket]
            do {
                examples = try LabeledTicket.readJSONLines(from: URL(fileURLWithPath: eval))
            } catch {
                throw ValidationError("\(eval): \(error)")
            }
            print(Self.report(ClassifierEvaluation(classifier: classifier, examples: examples), model: classifier.model.version))
            return
        }
        try JSONLines.map { object in
            let subject = object["subject"] as? String ?? ""
            let description = object["description"] as? String ?? ""
            guard !(subject.isEmpty && description.isEmpty) else {
                throw ValidationError("give \"subject\" or \"description\" as strings")
            }
            let verdict = classifier.classify(subject: subject, description: description)
            return [
                "type": verdict.type.rawValue, "priority": verdict.priority.rawValue, "language": verdict.language.rawValue,
                "confidence": [
                    "type": verdict.typeConfidence, "priority": verdict.priorityConfidence,
                    "language": verdict.languageConfidence,
                ],
                "model": classifier.model.version,
            ]
        }
    }

    /// Accuracy per field, precision and recall per class, and the confusion matrices.
    static func report(_ evaluation: ClassifierEvaluation, model: String) -> String {
        var out = "model \(model), \(evaluation.exampleCount) tickets\n"
        for field in evaluation.fields {
            out += "\n## \(field.field.rawValue): accuracy \(String(format: "%.1f", field.accuracy * 100)) % (\(field.correct)/\(field.total))\n\n"
            out += "| class | precision | recall |\n|---|---:|---:|\n"
            for (index, label) in field.labels.enumerated() {
                let truePositives = field.confusion[index][index]
                let predicted = field.confusion.reduce(0) { $0 + $1[index] }
                let actual = field.confusion[index].reduce(0, +)
                func percent(_ n: Int, _ d: Int) -> String { d == 0 ? "—" : String(format: "%.1f %%", Double(n) / Double(d) * 100) }
                out += "| \(label) | \(percent(truePositives, predicted)) | \(percent(truePositives, actual)) |\n"
            }
            out += "\nconfusion (rows actual, columns predicted):\n\n" + field.markdownTable + "\n"
        }
        return out
    }
}
