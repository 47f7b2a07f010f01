import Classification
import Foundation
import Testing

/// Holds the model shipped in `services/classification/` to the product targets on the held-out
/// split, which training never sees: type accuracy at least 90 %, language at least 98 %.
@Suite struct ShippedModelTests {
    /// The repository root: three levels above `Tests/ClassificationTests/ShippedModelTests.swift`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let service = root.appendingPathComponent("services/classification")

    static func shippedModel() throws -> ClassifierModel {
        let files = try FileManager.default.contentsOfDirectory(at: service, includingPropertiesForKeys: nil)
        let model = try #require(files.first { $0.lastPathComponent.hasPrefix("model.") })
        return try ClassifierModel.load(from: model)
    }

    static func corpus(_ split: String) throws -> [LabeledTicket] {
        try LabeledTicket.readJSONLines(from: service.appendingPathComponent("corpus/\(split).jsonl"))
    }

    @Test("the shipped model meets the held-out accuracy targets")
    func heldOutTargets() throws {
        let evaluation = ClassifierEvaluation(classifier: TicketClassifier(model: try Self.shippedModel()), examples: try Self.corpus("heldout"))
        #expect(evaluation.exampleCount >= 100)
        #expect(evaluation.type.accuracy >= 0.90, "\(evaluation.report)")
        #expect(evaluation.language.accuracy >= 0.98, "\(evaluation.report)")
    }

    /// The shipped file is the model the shipped corpus trains to, so nobody ships a stale model.
    @Test("the shipped model is the one the training split produces")
    func shippedModelIsCurrent() throws {
        #expect(ClassifierTrainer.train(try Self.corpus("train")).version == (try Self.shippedModel()).version)
    }

    /// Held-out tickets stay out of training: no ticket text is in both splits.
    @Test("no held-out ticket is in the training split")
    func splitsAreDisjoint() throws {
        let training = Set(try Self.corpus("train").map { $0.subject + "\u{0}" + $0.description })
        #expect(try Self.corpus("heldout").allSatisfy { !training.contains($0.subject + "\u{0}" + $0.description) })
    }
}
