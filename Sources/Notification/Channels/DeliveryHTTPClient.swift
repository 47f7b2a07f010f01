public import AsyncHTTPClient
import NIOCore

/// The HTTP client every HTTP channel shares (WhatsApp, webhooks): one connection pool that
/// allows as many parallel connections per host as deliveries may be in flight, where the
/// default allows 8. Process-wide and never deinitialised, as `HTTPClient.shared` is.
public enum DeliveryHTTPClient {
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        configuration.connectionPool.idleTimeout = .seconds(60)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
