import ArgumentParser
import Notification
import SupportRuntime

/// `notification`: messages to customers and agents.
@main
struct NotificationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notification",
        abstract: "Run the SupportDesk notification service: acknowledgements, replies, refusals, escalations.",
        discussion: """
            Example:
              notification --set notification.mailboxPath=data/mailbox --set store.path=data/notification.sqlite
            """)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let reader = try options.reader()
        let logger = try ProcessSetup.bootstrap(reader: reader, service: "notification")
        let service = try NotificationService(configuration: NotificationConfiguration(reader: reader), logger: logger)
        try await ServiceRunner.run(service.services, logger: logger, reader: reader, service: "notification", readiness: service.readiness)
    }
}
