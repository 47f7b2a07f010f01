import ArgumentParser
import SLATimer
import SupportRuntime

/// `sla`: SLA clocks, warnings and breaches.
@main
struct SLACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Run the SupportDesk SLA service: clocks on business calendars, warnings and breaches.",
        discussion: """
            Example:
              sla --set sla.policyPath=services/sla/policy.json --set store.path=data/sla.sqlite
            """)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let reader = try options.reader()
        let logger = try ProcessSetup.bootstrap(reader: reader, service: "sla")
        let service = try SLAService(configuration: SLAConfiguration(reader: reader), logger: logger)
        try await ServiceRunner.run(service.services, logger: logger, reader: reader, service: "sla", readiness: service.readiness)
    }
}
