import Foundation
import StoreTesting
import SupportStore
import Hummingbird
import HummingbirdTesting
import Logging
import HTTPTypes
import NIOCore
import SupportBus

@testable import Intake

/// Builds an intake over a fresh temporary SQLite file and the repository's sample directory.
enum IntakeTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `engine` picks a fresh SQLite file (the default) or a fresh PostgreSQL database, unless
    /// `store` names one to share with another instance; the service is opened off the
    /// concurrency pool (see `TestStores.offPool`).
    static func makeService(
        maximumBodySize: Int = 1 << 20, rateLimitPerToken: Int = 100_000, engine: StoreEngine = .sqlite, store: StoreLocation? = nil
    ) async throws -> IntakeService {
        try await TestStores.offPool {
            let configuration = IntakeConfiguration(
                port: 0, store: try store ?? TestStores.fresh(engine, name: "intake"),
                directoryPath: repositoryRoot.appendingPathComponent("config/directory.yaml").path,
                bus: BusEndpoints(publish: "inproc://unused-pub", subscribe: "inproc://unused-sub", handoff: "inproc://unused-handoff"),
                maximumBodySize: maximumBodySize, rateLimitPerToken: rateLimitPerToken)
            return try IntakeService(configuration: configuration, logger: Logger(label: "test"))
        }
    }

    /// An admin token in `service`'s store, and headers carrying it.
    static func adminHeaders(_ service: IntakeService, json: Bool = true) async throws -> HTTPFields {
        let token = try await service.store.createToken(name: "test", scopes: [.admin], account: nil)
        try await service.verifier.reload()
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json { headers[.contentType] = "application/json" }
        return headers
    }


    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func decode(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func errorCode(_ buffer: ByteBuffer) -> String? {
        (decode(buffer)["error"] as? [String: Any])?["code"] as? String
    }

    static func errorMessage(_ buffer: ByteBuffer) -> String? {
        (decode(buffer)["error"] as? [String: Any])?["message"] as? String
    }
}
