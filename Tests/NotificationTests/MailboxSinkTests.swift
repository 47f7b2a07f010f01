import Foundation
import SupportDomain
import Testing

@testable import Notification

/// The mailbox folder, the channel of a suite without SMTP: each message a file of its own,
/// written whole, once, and synced before the delivery returns.
@Suite struct MailboxSinkTests {
    func message(_ n: Int) -> Message {
        Message(
            deliveryID: "delivery-\(n)", ticketID: "ticket-\(n)", template: "ticket.acknowledgement", channel: "email",
            recipient: "nina@norte.example", language: .ptBR, subject: "Recebemos o chamado \(n)", body: "Olá, \(n)\n")
    }

    @Test("many deliveries at once each leave their own whole file, and a repeat leaves it one")
    func concurrentDeliveries() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = try MailboxSink(path: folder.path)
        let count = 300
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<count { group.addTask { try await sink.deliver(message(n)) } }
            try await group.waitForAll()
        }
        try await sink.deliver(message(7))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == count, "no temporary file left behind, no repeat")
        for n in [0, 7, count - 1] {
            let data = try Data(contentsOf: folder.appendingPathComponent("delivery-\(n).json"))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["subject"] as? String == "Recebemos o chamado \(n)")
        }
    }

    @Test("a delivery to a folder that is gone fails, and the next one after it is back succeeds")
    func failureReachesItsCaller() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = try MailboxSink(path: folder.path)
        try FileManager.default.removeItem(at: folder)
        await #expect(throws: (any Error).self) { try await sink.deliver(message(1)) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await sink.deliver(message(2))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("delivery-2.json").path))
    }
}
