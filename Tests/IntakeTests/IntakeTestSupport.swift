import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SupportBus

@testable import Intake

/// Builds an intake over a fresh temporary SQLite file and the repository's sample directory.
enum IntakeTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func makeService(maximumBodySize: Int = 1 << 20) throws -> IntakeService {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
        let configuration = IntakeConfiguration(
            port: 0, storePath: folder.appendingPathComponent("intake.sqlite").path,
            directoryPath: repositoryRoot.appendingPathComponent("config/directory.yaml").path,
            bus: BusEndpoints(publish: "inproc://unused-pub", subscribe: "inproc://unused-sub", handoff: "inproc://unused-handoff"),
            maximumBodySize: maximumBodySize)
        return try IntakeService(configuration: configuration, logger: Logger(label: "test"))
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
