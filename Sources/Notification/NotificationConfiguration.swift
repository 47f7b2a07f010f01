import SupportBus
import SupportRuntime

/// Settings of the `notification` process.
public struct NotificationConfiguration: Sendable {
    /// SQLite file with deliveries and processed events.
    public var storePath: String
    /// Folder where the mailbox sink writes one JSON file per delivery.
    public var mailboxPath: String
    public var directoryPath: String
    public var bus: BusEndpoints

    public init(storePath: String, mailboxPath: String, directoryPath: String, bus: BusEndpoints = .localDefault) {
        self.storePath = storePath
        self.mailboxPath = mailboxPath
        self.directoryPath = directoryPath
        self.bus = bus
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `store.path` | `STORE_PATH` | `data/notification.sqlite` |
    /// | `notification.mailboxPath` | `NOTIFICATION_MAILBOX_PATH` | `data/mailbox` |
    /// | `directory.path` | `DIRECTORY_PATH` | `config/directory.yaml` |
    /// | `bus.*` | see `BusEndpoints(reader:)` | loopback 7701–7703 |
    public init(reader: ConfigReader) throws {
        self.init(
            storePath: reader.string("store.path", default: "data/notification.sqlite"),
            mailboxPath: reader.string("notification.mailboxPath", default: "data/mailbox"),
            directoryPath: reader.string("directory.path", default: "config/directory.yaml"),
            bus: try BusEndpoints(reader: reader, identity: .notification))
    }
}
