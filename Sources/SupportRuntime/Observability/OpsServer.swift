import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// Every process's operations port: Prometheus metrics and its liveness and readiness, over
/// HTTP, for monitoring, `supportctl status` and container health checks.
///
/// | route | answers |
/// |---|---|
/// | `GET /metrics` | every swift-metrics counter, gauge and timer, Prometheus text format |
/// | `GET /health/live` | `200 ok` while the process runs |
/// | `GET /health/ready` | `200` or `503` with `{"ready": …, "checks": {name: bool}}` |
public struct OpsServer: Service {
    let host: String
    let port: Int
    let service: String
    let readiness: @Sendable () async -> [String: Bool]
    let logger: Logger

    public init(
        host: String, port: Int, service: String, logger: Logger,
        readiness: @escaping @Sendable () async -> [String: Bool] = { [:] }
    ) {
        self.host = host
        self.port = port
        self.service = service
        self.logger = logger
        self.readiness = readiness
    }

    public func run() async throws {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
        }
        router.get("/health/live") { _, _ in "ok" }
        router.get("/health/ready") { _, _ in
            let checks = await readiness()
            let ready = checks.values.allSatisfy { $0 }
            let body = try JSONSerialization.data(withJSONObject: ["ready": ready, "checks": checks], options: [.sortedKeys])
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "\(service)-ops"),
            onServerRunning: { channel in
                logger.info("ops listening", metadata: ["address": "\(host):\(channel.localAddress?.port ?? port)"])
            }, logger: logger)
        try await app.runService()
    }
}

/// The process's metrics registry, behind swift-metrics, so libraries record with
/// `Counter(label:dimensions:)` and never see Prometheus.
public enum Observability {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Points swift-metrics at the registry, once per process.
    public static func bootstrap() {
        let first = bootstrapped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        // Hand-offs and requests take well under a millisecond when all is well: the buckets
        // start there, and reach a minute for a consumer that was down.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        factory.nameAndLabelSanitizer = { name, labels in (renamed[name] ?? name, labels.map { (renamed[$0.0] ?? $0.0, $0.1) }) }
        MetricsSystem.bootstrap(factory)
    }

    /// Hummingbird's `MetricsMiddleware` names (OpenTelemetry's) in this project's Prometheus
    /// convention: one `supportdesk_` prefix, units in the name, short label names.
    static let renamed: [String: String] = [
        "hb.requests": "supportdesk_http_requests_total",
        "hb.request.errors": "supportdesk_http_request_errors_total",
        "http.server.request.duration": "supportdesk_http_request_duration_seconds",
        "http.server.active_requests": "supportdesk_http_active_requests",
        "http.route": "route", "http.request.method": "method", "http.response.status_code": "status",
    ]
}
