import Foundation
public import SupportStore
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// Settings of the `intake` process.
public struct IntakeConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// SQLite file holding tickets, refusals and the outbox.
    /// SQLite file or PostgreSQL server (`store.url`).
    public var store: StoreLocation
    /// Customer directory file (YAML or JSON).
    public var directoryPath: String
    public var bus: BusEndpoints
    /// Largest request body accepted, in bytes; larger gets 413.
    public var maximumBodySize: Int
    /// The SLA policy, for its calendars: the SLA view shows due times in each calendar's zone
    /// and remaining business time.
    public var policy: SLAPolicy
    /// How long after resolution a customer reply reopens a ticket.
    public var reopenWindow: TimeInterval
    /// Requests a minute one token may make.
    public var rateLimitPerToken: Int
    /// Requests a minute all tokens bound to one account may make together.
    public var rateLimitPerAccount: Int
    /// The inbound e-mail listener (an MTA relays the support address here); nil: no e-mail in.
    public var email: Email?
    /// The WhatsApp Cloud API webhook; nil: the route answers 404.
    public var whatsApp: WhatsApp?
    /// The Smart Contact chat webhook; nil: the route answers 404.
    public var chat: Chat?
    /// The ZeroMQ ticket endpoint (protocol SDT1, README "Tickets over ZeroMQ"); nil: off.
    public var zmq: ZeroMQEndpoint?

    public struct ZeroMQEndpoint: Sendable {
        /// Where the ROUTER socket binds (`tcp://…`, `ipc://…`).
        public var bind: String
        /// With bus keys: intake's CURVE key pair, so the endpoint is a CURVE server (clients
        /// need only its public key; who may do what is still the bearer token's business).
        public var keyPair: CurveKeyPair?

        public init(bind: String, keyPair: CurveKeyPair? = nil) {
            self.bind = bind
            self.keyPair = keyPair
        }
    }

    public struct WhatsApp: Sendable {
        /// What Meta's verification handshake must send as `hub.verify_token`.
        public var verifyToken: String
        /// The app secret that signs notifications (`X-Hub-Signature-256`).
        public var appSecret: String
        public init(verifyToken: String, appSecret: String) {
            self.verifyToken = verifyToken
            self.appSecret = appSecret
        }
    }

    public struct Chat: Sendable {
        /// The secret that signs chat webhooks (`X-Chat-Signature-256`).
        public var secret: String
        public init(secret: String) { self.secret = secret }
    }

    public struct Email: Sendable {
        public var host: String
        public var port: Int
        public var maximumSize: Int
        public init(host: String = "127.0.0.1", port: Int, maximumSize: Int = 25 << 20) {
            self.host = host
            self.port = port
            self.maximumSize = maximumSize
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, store: StoreLocation, directoryPath: String,
        bus: BusEndpoints = .localDefault, maximumBodySize: Int = 1 << 20, policy: SLAPolicy = .default,
        reopenWindow: TimeInterval = 7 * 86_400, rateLimitPerToken: Int = 6000, rateLimitPerAccount: Int = 12_000,
        email: Email? = nil, whatsApp: WhatsApp? = nil, chat: Chat? = nil, zmq: ZeroMQEndpoint? = nil
    ) {
        self.zmq = zmq
        self.email = email
        self.whatsApp = whatsApp
        self.chat = chat
        self.host = host
        self.port = port
        self.store = store
        self.directoryPath = directoryPath
        self.bus = bus
        self.maximumBodySize = maximumBodySize
        self.policy = policy
        self.reopenWindow = reopenWindow
        self.rateLimitPerToken = rateLimitPerToken
        self.rateLimitPerAccount = rateLimitPerAccount
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `http.host` | `HTTP_HOST` | `127.0.0.1` |
    /// | `http.port` | `HTTP_PORT` | `8080` (0 picks a free port) |
    /// | `http.maximumBodySize` | `HTTP_MAXIMUM_BODY_SIZE` | `1048576` |
    /// | `store.url` | `STORE_URL` | `sqlite:` + `store.path` (a password only from env or `store.urlFile`) |
    /// | `store.path` | `STORE_PATH` | `data/intake.sqlite` |
    /// | `directory.path` | `DIRECTORY_PATH` | `config/directory.yaml` |
    /// | `tickets.reopenWindowDays` | `TICKETS_REOPEN_WINDOW_DAYS` | `7` |
    /// | `http.rateLimit.perToken` | `HTTP_RATE_LIMIT_PER_TOKEN` | `6000` requests a minute |
    /// | `http.rateLimit.perAccount` | `HTTP_RATE_LIMIT_PER_ACCOUNT` | `12000` requests a minute |
    /// | `sla.policyPath` | `SLA_POLICY_PATH` | built-in SPEC defaults |
    /// | `email.smtpPort` | `EMAIL_SMTP_PORT` | unset: no inbound e-mail |
    /// | `email.smtpHost` | `EMAIL_SMTP_HOST` | `127.0.0.1` |
    /// | `email.maximumSize` | `EMAIL_MAXIMUM_SIZE` | `26214400` (25 MiB) |
    /// | `whatsapp.verifyToken` | env `WHATSAPP_VERIFY_TOKEN` or file `whatsapp.verifyTokenFile` | unset: no WhatsApp webhook |
    /// | `whatsapp.appSecret` | env `WHATSAPP_APP_SECRET` or file `whatsapp.appSecretFile` | required with the verify token |
    /// | `chat.secret` | env `CHAT_SECRET` or file `chat.secretFile` | unset: no chat webhook |
    /// | `zmq.bind` | `ZMQ_BIND` | unset: no ZeroMQ ticket endpoint; loopback or ipc unless `bus.keys` is set (then CURVE with intake's key) or `zmq.insecure=true` |
    /// | `bus.*` | see ``BusEndpoints/init(reader:)`` | loopback 7701–7703 |
    public init(reader: ConfigReader) throws {
        var zmq: ZeroMQEndpoint?
        if let bind = reader.optionalString("zmq.bind"), !bind.isEmpty {
            guard bind.hasPrefix("tcp://") || bind.hasPrefix("ipc://") else {
                throw ConfigError(key: "zmq.bind", value: bind, expected: "a ZeroMQ endpoint such as tcp://127.0.0.1:7720 or ipc:///run/intake")
            }
            let keyPair = try BusEndpoints.keyring(reader: reader).map { try $0.keyPair(BusIdentity.intake.rawValue) }
            let insecure = try reader.bool("zmq.insecure", default: false)
            guard keyPair != nil || BusEndpoints.isLocal(bind) || insecure else {
                throw ConfigError(
                    key: "zmq.bind", value: bind,
                    expected: "a loopback or ipc:// endpoint while bus.keys is unset (tokens and tickets would cross the network in clear); set bus.keys, or zmq.insecure=true")
            }
            zmq = ZeroMQEndpoint(bind: bind, keyPair: keyPair)
        }
        let email: Email? = try reader.optionalString("email.smtpPort").map { _ in
            Email(
                host: reader.string("email.smtpHost", default: "127.0.0.1"),
                port: try reader.int("email.smtpPort", default: 2525, range: 0...65535),
                maximumSize: try reader.int("email.maximumSize", default: 25 << 20, range: 1024...(1 << 30)))
        }
        var whatsApp: WhatsApp?
        if let verifyToken = try reader.secret("whatsapp.verifyToken") {
            guard let appSecret = try reader.secret("whatsapp.appSecret"), appSecret.utf8.count >= 16 else {
                throw ConfigError(
                    key: "whatsapp.appSecret", value: "(unset or short)",
                    expected: "the app secret (env WHATSAPP_APP_SECRET or whatsapp.appSecretFile) when a verify token is set")
            }
            whatsApp = WhatsApp(verifyToken: verifyToken, appSecret: appSecret)
        }
        var chat: Chat?
        if let secret = try reader.secret("chat.secret") {
            guard secret.utf8.count >= 16 else {
                throw ConfigError(key: "chat.secret", value: "(hidden)", expected: "a signing secret of at least 16 bytes")
            }
            chat = Chat(secret: secret)
        }
        self.init(
            host: reader.string("http.host", default: "127.0.0.1"),
            port: try reader.int("http.port", default: 8080, range: 0...65535),
            store: try reader.storeLocation(defaultPath: "data/intake.sqlite"),
            directoryPath: reader.string("directory.path", default: "config/directory.yaml"),
            bus: try BusEndpoints(reader: reader, identity: .intake),
            maximumBodySize: try reader.int("http.maximumBodySize", default: 1 << 20, range: 1024...(64 << 20)),
            policy: try PolicyLoader.load(path: reader.optionalString("sla.policyPath")),
            reopenWindow: TimeInterval(try reader.int("tickets.reopenWindowDays", default: 7, range: 0...3650) * 86_400),
            rateLimitPerToken: try reader.int("http.rateLimit.perToken", default: 6000, range: 1...10_000_000),
            rateLimitPerAccount: try reader.int("http.rateLimit.perAccount", default: 12_000, range: 1...10_000_000),
            email: email, whatsApp: whatsApp, chat: chat, zmq: zmq)
    }
}
