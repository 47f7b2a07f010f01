import ArgumentParser
import Broker
import SupportRuntime

/// `bus`: the broker every SupportDesk service connects to.
@main
struct BusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Run the SupportDesk broker: the event stream proxy and the hand-off router.",
        discussion: """
            Example:
              bus --set broker.publishBind=tcp://*:7701 --set broker.subscribeBind=tcp://*:7702 \\
                  --set broker.handoffBind=tcp://*:7703
            """)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let reader = try options.reader()
        let logger = try ProcessSetup.bootstrap(reader: reader, service: "bus")
        let broker = try BrokerService(configuration: BrokerConfiguration(reader: reader), logger: logger)
        try await ServiceRunner.run([broker], logger: logger, reader: reader, service: "bus")
    }
}
