import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a process's services as one `ServiceGroup`: started in order, stopped in reverse on
/// SIGTERM or SIGINT, with a bounded graceful shutdown.
public enum ServiceRunner {
    public static func run(_ services: [any Service], logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
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
