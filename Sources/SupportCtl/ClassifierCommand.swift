import ArgumentParser
import Classification
import Foundation

/// `supportctl classifier train|evaluate|bench`: build and measure the classifier model.
struct ClassifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier",
        abstract: "Train, evaluate and benchmark the ticket classifier model.",
        subcommands: [Train.self, Evaluate.self, Bench.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train on CORPUS/train.jsonl only and write the model file; prints the model version.",
            discussion: """
                Example (reproduces the shipped model byte for byte):
                  supportctl classifier train --corpus services/classification/corpus --out services/classification/model.bin
                """)
        @Option(help: "Folder with train.jsonl and heldout.jsonl.") var corpus = "services/classification/corpus"
        @Option(help: "Model file to write.") var out = "services/classification/model.bin"

        func run() throws {
            let examples = try LabeledTicket.readJSONLines(
                from: URL(fileURLWithPath: corpus).appendingPathComponent("train.jsonl"))
            let model = ClassifierTrainer.train(examples)
            try model.write(to: URL(fileURLWithPath: out))
            print(model.version)
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accuracy per field and confusion matrices on the held-out split (Markdown, or --json).",
            discussion: """
                Example:
                  supportctl classifier evaluate
                """)
        @Option(help: "Folder with the corpus splits.") var corpus = "services/classification/corpus"
        @Option(help: "Model file.") var model = "services/classification/model.bin"
        @Option(help: "Split to evaluate: heldout or train.") var split = "heldout"
        @Flag(help: "Print the evaluation as JSON.") var json = false

        func run() throws {
            let loaded = try ClassifierModel.load(from: URL(fileURLWithPath: model))
            let examples = try LabeledTicket.readJSONLines(
                from: URL(fileURLWithPath: corpus).appendingPathComponent("\(split).jsonl"))
            let evaluation = ClassifierEvaluation(classifier: TicketClassifier(model: loaded), examples: examples)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(evaluation), as: UTF8.self))
            } else {
                print("model \(loaded.version), \(evaluation.exampleCount) tickets\n\n\(evaluation.report)")
            }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classifications per second of one instance (build with -c release for real numbers).",
            discussion: """
                Example:
                  swift run -c release supportctl classifier bench --iterations 200000
                """)
        @Option(help: "Model file.") var model = "services/classification/model.bin"
        @Option(help: "Classifications to run.") var iterations = 200_000
        @Flag(help: "Print the result as JSON.") var json = false

        func run() throws {
            let classifier = TicketClassifier(model: try ClassifierModel.load(from: URL(fileURLWithPath: model)))
            let result = ClassifierBenchmark.run(classifier: classifier, iterations: iterations)
            if json {
                print(
                    "{\"classifications\":\(result.classifications),\"seconds\":\(result.seconds),\"perSecond\":\(Int(result.classificationsPerSecond))}"
                )
            } else {
                print(
                    String(
                        format: "%d classifications of ~%d-character tickets in %.3f s: %.0f per second, %.2f µs each",
                        result.classifications, result.averageCharacters, result.seconds,
                        result.classificationsPerSecond, result.microsecondsPerClassification))
            }
        }
    }
}
