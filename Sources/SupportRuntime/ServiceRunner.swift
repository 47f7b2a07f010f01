import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a process's services as one `ServiceGroup`: started in order, stopped in reverse on
/// SIGTERM or SIGINT, with a bounded graceful shutdown.
public enum ServiceRunner {
    /// Runs `services`, plus the operations port (metrics, liveness, readiness) when
    /// `ops.port` is set:
    ///
    /// | key | env | default |
    /// |---|---|---|
    /// | `ops.port` | `OPS_PORT` | unset: no operations port (`supportctl up` gives each process one) |
    /// | `ops.host` | `OPS_HOST` | `127.0.0.1` |
    public static func run(
        _ services: [any Service], logger: Logger, reader: ConfigReader? = nil, service: String = "service",
        readiness: @escaping @Sendable () async -> [String: Bool] = { [:] }
    ) async throws {
        var all = services
        if let reader, reader.optionalString("ops.port") != nil {
            all.append(
                OpsServer(
                    host: reader.string("ops.host", default: "127.0.0.1"),
                    port: try reader.int("ops.port", default: 0, range: 0...65535), service: service, logger: logger,
                    readiness: readiness))
        }
        var configuration = ServiceGroupConfiguration(
            services: all.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        configuration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
    }
}

/// A `Service` made from a closure: for the small long-running loops services own.
///
/// Graceful shutdown cancels the closure; the cancellation it causes is the normal way out and
/// is not reported as a failure.
public struct RunService: Service {
    private let body: @Sendable () async throws -> Void
    public init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await body() }
        } catch is CancellationError {
            return
        }
    }
}
