import ArgumentParser
import Intake
import Logging
import SupportRuntime

/// `intake`: the HTTP API and system of record for tickets.
@main
struct IntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Run the SupportDesk intake service: the ticket HTTP API and system of record.",
        discussion: """
            Example:
              intake --set http.port=8080 --set directory.path=config/directory.yaml --set store.path=data/intake.sqlite
            """)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let reader = try options.reader()
        let logger = try ProcessSetup.bootstrap(reader: reader, service: "intake")
        let configuration = try IntakeConfiguration(reader: reader)
        let intake = try IntakeService(configuration: configuration, logger: logger)
        let services = intake.services { port in
            logger.info("intake listening", metadata: ["url": "http://\(configuration.host):\(port)"])
        }
        try await ServiceRunner.run(services, logger: logger, reader: reader, service: "intake", readiness: intake.readiness)
    }
}
