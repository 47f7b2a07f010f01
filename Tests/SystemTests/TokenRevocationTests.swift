import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportRuntime
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #11: a revoked token is refused by every running intake within one second.
@Suite struct TokenRevocationTests {
    @Test("a revoked token is refused by two intake instances within one second")
    func revocation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("revoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("intake.sqlite").path
        let bus = try FreePorts.find(count: 4)

        var ports: [Int] = []
        var processes: [Process] = []
        defer { for process in processes where process.isRunning { process.terminate() } }
        for _ in 0..<2 {
            let port = try FreePorts.find(count: 1)
            let process = Process()
            process.executableURL = SuiteProcess.binary("intake")
            process.arguments = [
                "--set", "http.port=\(port)", "--set", "store.path=\(store)",
                "--set", "directory.path=\(SuiteProcess.repositoryRoot.path)/config/directory.yaml",
                "--set", "bus.publishEndpoint=tcp://127.0.0.1:\(bus)", "--set", "bus.subscribeEndpoint=tcp://127.0.0.1:\(bus + 1)",
                "--set", "bus.handoffEndpoint=tcp://127.0.0.1:\(bus + 2)", "--set", "bus.historyEndpoint=tcp://127.0.0.1:\(bus + 3)",
                "--set", "log.level=warning",
            ]
            try process.run()
            processes.append(process)
            ports.append(port)
        }

        // The intakes create the store; then an operator creates a token in it.
        let appeared = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: store) && Date() < appeared { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(300))
        let created = try ReliabilityTests.supportctl(["token", "create", "--store", store, "--name", "revocable", "--scope", "agent", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: String]
        let token = try #require(object?["token"])
        let id = try #require(object?["id"])

        func status(_ port: Int) async -> Int {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/tickets/none")
            request.headers.add(name: "authorization", value: "Bearer \(token)")
            guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)) else { return 0 }
            return Int(response.status.code)
        }
        // Both instances come up and accept the token (404: authenticated, no such ticket).
        let deadline = Date().addingTimeInterval(30)
        var accepted = false
        while !accepted && Date() < deadline {
            let a = await status(ports[0]), b = await status(ports[1])
            accepted = a == 404 && b == 404
            if !accepted { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(accepted, "both intakes accept the new token")

        let revoked = try ReliabilityTests.supportctl(["token", "revoke", "--store", store, id])
        #expect(revoked.status == 0)
        let start = Date()
        var refusedBy: [Int: TimeInterval] = [:]
        while refusedBy.count < 2 && Date().timeIntervalSince(start) < 5 {
            for port in ports where refusedBy[port] == nil {
                if await status(port) == 401 { refusedBy[port] = Date().timeIntervalSince(start) }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        print("revoked token refused after \(refusedBy.values.map { Int($0 * 1000) }.sorted()) ms")
        #expect(refusedBy.count == 2)
        #expect(refusedBy.values.allSatisfy { $0 < 1.0 }, "within one second")
    }
}
}
