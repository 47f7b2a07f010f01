import ArgumentParser
import Classification
import SupportRuntime

/// `classification`: type, priority and language for every received ticket.
@main
struct ClassificationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classification",
        abstract: "Run a SupportDesk classification worker; start as many as you like.",
        discussion: """
            Example:
              classification --set classification.modelPath=services/classification/model.bin
            """)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let reader = try options.reader()
        let logger = try ProcessSetup.bootstrap(reader: reader, service: "classification")
        let service = try ClassificationService(configuration: ClassificationConfiguration(reader: reader), logger: logger)
        try await ServiceRunner.run(service.services, logger: logger, reader: reader, service: "classification", readiness: service.readiness)
    }
}
