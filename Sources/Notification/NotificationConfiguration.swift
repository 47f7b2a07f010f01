import Foundation
public import SupportStore
import SupportBus
import SupportRuntime

/// Settings of the `notification` process.
public struct NotificationConfiguration: Sendable {
    /// Where deliveries and processed events are kept: a SQLite file or a PostgreSQL server (`store.url`).
    public var store: StoreLocation
    /// Folder where the mailbox sink writes one JSON file per delivery (channels not configured).
    public var mailboxPath: String
    public var directoryPath: String
    /// Folder of the Mustache templates (`<template>.<language>.mustache`).
    public var templatesPath: String
    public var bus: BusEndpoints
    /// E-mail over SMTP; nil writes e-mail to the mailbox folder instead.
    public var smtp: SMTP?
    /// The WhatsApp Cloud API; nil writes WhatsApp messages to the mailbox folder instead.
    public var whatsApp: WhatsApp?
    /// The Smart Contact chat API; nil writes chat messages to the mailbox folder instead.
    public var chat: Chat?
    /// An integration that receives every message as a signed JSON POST; nil sends none.
    public var webhook: Webhook?
    /// Deliveries in flight at once.
    public var concurrency: Int
    /// Attempts before a delivery that keeps failing transiently goes to the dead letters.
    public var maximumAttempts: Int
    /// Per-person rate limit that turns a burst into a digest.
    public var throttle: DeliveryStore.Throttle

    public struct SMTP: Sendable {
        public var host: String
        public var port: Int
        public var from: String
        public var fromName: String
        public var username: String?
        public var password: String?
    }

    public struct WhatsApp: Sendable {
        public var baseURL: String
        public var phoneNumberID: String
        public var token: String
    }

    public struct Chat: Sendable {
        public var baseURL: String
        public var key: String
    }

    public struct Webhook: Sendable {
        public var url: String
        public var secret: String
    }

    public init(
        store: StoreLocation, mailboxPath: String, directoryPath: String,
        templatesPath: String = "services/notification/templates", bus: BusEndpoints = .localDefault, smtp: SMTP? = nil,
        whatsApp: WhatsApp? = nil, chat: Chat? = nil, webhook: Webhook? = nil, concurrency: Int = 16, maximumAttempts: Int = 8,
        throttle: DeliveryStore.Throttle = .init()
    ) {
        self.throttle = throttle
        self.store = store
        self.mailboxPath = mailboxPath
        self.directoryPath = directoryPath
        self.templatesPath = templatesPath
        self.bus = bus
        self.smtp = smtp
        self.whatsApp = whatsApp
        self.chat = chat
        self.webhook = webhook
        self.concurrency = concurrency
        self.maximumAttempts = maximumAttempts
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `store.url` | `STORE_URL` | `sqlite:` + `store.path` (a password only from env or `store.urlFile`) |
    /// | `store.path` | `STORE_PATH` | `data/notification.sqlite` |
    /// | `notification.mailboxPath` | `NOTIFICATION_MAILBOX_PATH` | `data/mailbox` |
    /// | `directory.path` | `DIRECTORY_PATH` | `config/directory.yaml` |
    /// | `notification.templatesPath` | `NOTIFICATION_TEMPLATES_PATH` | `services/notification/templates` |
    /// | `notification.smtp.host` | `NOTIFICATION_SMTP_HOST` | unset: e-mail goes to the mailbox folder |
    /// | `notification.smtp.port` | `NOTIFICATION_SMTP_PORT` | `25` |
    /// | `notification.smtp.from` | `NOTIFICATION_SMTP_FROM` | `support@supportdesk.invalid` |
    /// | `notification.smtp.fromName` | `NOTIFICATION_SMTP_FROM_NAME` | `SupportDesk` |
    /// | `notification.smtp.username` | `NOTIFICATION_SMTP_USERNAME` | unset: no AUTH |
    /// | `notification.smtp.password` | env `NOTIFICATION_SMTP_PASSWORD` or file `notification.smtp.passwordFile` | — |
    /// | `notification.whatsapp.baseURL` | `NOTIFICATION_WHATSAPP_BASE_URL` | unset: WhatsApp goes to the mailbox folder |
    /// | `notification.whatsapp.phoneNumberId` | `NOTIFICATION_WHATSAPP_PHONE_NUMBER_ID` | required with baseURL |
    /// | `notification.whatsapp.token` | env `NOTIFICATION_WHATSAPP_TOKEN` or file `notification.whatsapp.tokenFile` | required with baseURL |
    /// | `notification.chat.baseURL` | `NOTIFICATION_CHAT_BASE_URL` | unset: chat answers go to the mailbox folder |
    /// | `notification.chat.key` | env `NOTIFICATION_CHAT_KEY` or file `notification.chat.keyFile` | required with baseURL |
    /// | `notification.webhook.url` | `NOTIFICATION_WEBHOOK_URL` | unset: no webhook |
    /// | `notification.webhook.secret` | env `NOTIFICATION_WEBHOOK_SECRET` or file `notification.webhook.secretFile` | required with url |
    /// | `notification.concurrency` | `NOTIFICATION_CONCURRENCY` | `16` (1 to 1024) |
    /// | `notification.maximumAttempts` | `NOTIFICATION_MAXIMUM_ATTEMPTS` | `8` (1 to 100) |
    /// | `notification.digest.limit` | `NOTIFICATION_DIGEST_LIMIT` | `5` (0 to 1000000): messages a person gets per window on one channel; 0 turns digests off |
    /// | `notification.digest.windowSeconds` | `NOTIFICATION_DIGEST_WINDOW_SECONDS` | `600` (1 to 86400) |
    /// | `notification.digest.delaySeconds` | `NOTIFICATION_DIGEST_DELAY_SECONDS` | `120` (1 to 86400): how long the first held message waits for the digest |
    /// | `bus.*` | see `BusEndpoints(reader:)` | loopback 7701–7703 |
    public init(reader: ConfigReader) throws {
        var smtp: SMTP?
        if let host = reader.optionalString("notification.smtp.host") {
            let from = reader.string("notification.smtp.from", default: "support@supportdesk.invalid")
            guard from.contains("@"), !from.contains(where: { " <>\r\n".contains($0) }) else {
                throw ConfigError(key: "notification.smtp.from", value: from, expected: "an e-mail address like support@example.com")
            }
            let username = reader.optionalString("notification.smtp.username")
            let password = try reader.secret("notification.smtp.password")
            if username != nil && password == nil {
                throw ConfigError(
                    key: "notification.smtp.password", value: "(unset)",
                    expected: "a password (env NOTIFICATION_SMTP_PASSWORD or notification.smtp.passwordFile) when a username is set")
            }
            smtp = SMTP(
                host: host, port: try reader.int("notification.smtp.port", default: 25, range: 1...65535), from: from,
                fromName: reader.string("notification.smtp.fromName", default: "SupportDesk"), username: username, password: password)
        }
        var whatsApp: WhatsApp?
        if let base = reader.optionalString("notification.whatsapp.baseURL") {
            guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigError(key: "notification.whatsapp.baseURL", value: base, expected: "an http(s) URL like https://graph.facebook.com/v21.0")
            }
            guard let phone = reader.optionalString("notification.whatsapp.phoneNumberId") else {
                throw ConfigError(key: "notification.whatsapp.phoneNumberId", value: "(unset)", expected: "the sender's phone number id, with baseURL set")
            }
            guard let token = try reader.secret("notification.whatsapp.token") else {
                throw ConfigError(
                    key: "notification.whatsapp.token", value: "(unset)",
                    expected: "an access token (env NOTIFICATION_WHATSAPP_TOKEN or notification.whatsapp.tokenFile) with baseURL set")
            }
            whatsApp = WhatsApp(baseURL: base, phoneNumberID: phone, token: token)
        }
        var chat: Chat?
        if let base = reader.optionalString("notification.chat.baseURL") {
            guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigError(key: "notification.chat.baseURL", value: base, expected: "an http(s) URL like https://http.msging.net")
            }
            guard let key = try reader.secret("notification.chat.key") else {
                throw ConfigError(
                    key: "notification.chat.key", value: "(unset)",
                    expected: "the bot's key (env NOTIFICATION_CHAT_KEY or notification.chat.keyFile) with baseURL set")
            }
            chat = Chat(baseURL: base, key: key)
        }
        var webhook: Webhook?
        if let target = reader.optionalString("notification.webhook.url") {
            guard let url = URL(string: target), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigError(key: "notification.webhook.url", value: target, expected: "an http(s) URL")
            }
            guard let secret = try reader.secret("notification.webhook.secret"), secret.utf8.count >= 16 else {
                throw ConfigError(
                    key: "notification.webhook.secret", value: "(unset or short)",
                    expected: "a signing secret of at least 16 bytes (env NOTIFICATION_WEBHOOK_SECRET or notification.webhook.secretFile)")
            }
            webhook = Webhook(url: target, secret: secret)
        }
        self.init(
            store: try reader.storeLocation(defaultPath: "data/notification.sqlite"),
            mailboxPath: reader.string("notification.mailboxPath", default: "data/mailbox"),
            directoryPath: reader.string("directory.path", default: "config/directory.yaml"),
            templatesPath: reader.string("notification.templatesPath", default: "services/notification/templates"),
            bus: try BusEndpoints(reader: reader, identity: .notification), smtp: smtp, whatsApp: whatsApp, chat: chat, webhook: webhook,
            concurrency: try reader.int("notification.concurrency", default: 16, range: 1...1024),
            maximumAttempts: try reader.int("notification.maximumAttempts", default: 8, range: 1...100),
            throttle: DeliveryStore.Throttle(
                limit: try reader.int("notification.digest.limit", default: 5, range: 0...1_000_000),
                window: TimeInterval(try reader.int("notification.digest.windowSeconds", default: 600, range: 1...86_400)),
                delay: TimeInterval(try reader.int("notification.digest.delaySeconds", default: 120, range: 1...86_400))))
    }
}
