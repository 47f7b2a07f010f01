import ArgumentParser
import Classification
import Foundation
import SupportDomain

/// `supportctl classify`: the classifier on JSON lines.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read {\"subject\", \"description\"} lines; write type, priority and language with confidences.",
        discussion: """
            Example:
              echo '{"subject":"Bot fora do ar","description":"Nenhuma mensagem chega desde 10h"}' | supportctl classify
            """)

    @Option(help: "Classifier model file.")
    var model = "services/classification/model.bin"

    func run() throws {
        let path = try ResourceLocator().find(model, what: "classifier model (--model)")
        let classifier = TicketClassifier(model: try ClassifierModel.load(from: URL(fileURLWithPath: path)))
        try JSONLines.map { object in
            let subject = object["subject"] as? String ?? ""
            let description = object["description"] as? String ?? ""
            guard !(subject.isEmpty && description.isEmpty) else {
                throw ValidationError("give \"subject\" or \"description\" as strings")
            }
            let verdict = classifier.classify(subject: subject, description: description)
            return [
                "type": verdict.type.rawValue, "typeConfidence": verdict.typeConfidence,
                "priority": verdict.priority.rawValue, "priorityConfidence": verdict.priorityConfidence,
                "language": verdict.language.rawValue, "languageConfidence": verdict.languageConfidence,
                "model": classifier.model.version,
            ]
        }
    }
}
