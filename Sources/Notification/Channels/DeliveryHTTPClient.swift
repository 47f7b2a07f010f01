public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client every HTTP channel shares (WhatsApp, webhooks): one connection pool that
/// allows as many parallel connections per host as deliveries may be in flight, where the
/// default allows 8. Process-wide and never deinitialised, as `HTTPClient.shared` is.
public enum DeliveryHTTPClient {
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        configuration.connectionPool.idleTimeout = .seconds(60)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        // No swift-distributed-tracing tracer is bootstrapped (a delivery's trace travels in
        // its envelope's `traceparent`), and the client's span bookkeeping around the no-op
        // tracer still cost about 3 % of a webhook load run (`perf`): off.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

extension HTTPClient {
    /// One JSON POST of a delivery attempt, read the way every HTTP channel reads it: no
    /// connection is transient, the status decides the rest (``DeliveryFailure/http(status:destination:)``).
    /// `destination` names the receiver in errors; it never holds a token or a URL's path.
    func deliver(to url: String, json body: [UInt8], headers: [(String, String)], destination: String) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await execute(request, timeout: .seconds(10))
        } catch {
            throw DeliveryFailure.transient("\(destination) unreachable: \(error)")
        }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        if let failure = DeliveryFailure.http(status: Int(response.status.code), destination: destination) { throw failure }
    }
}
