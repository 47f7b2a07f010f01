import Foundation

/// A sink that writes each delivered message as `<deliveryID>.json` in a folder: where a
/// channel goes when it is not configured (a development machine has no SMTP server).
///
/// Writing to a temporary name and renaming makes each delivery atomic and idempotent: the same
/// delivery written twice is still one file, which is how "exactly once as the person sees it"
/// holds even when the service dies between writing and recording the delivery.
public struct MailboxSink: DeliveryChannel {
    public let name = "mailbox"
    public var destination: String { "file://\(folder.path)" }
    public let folder: URL

    /// File writes and fsync block: they run here, never on the Swift concurrency pool.
    private let queue = DispatchQueue(label: "support.notification.mailbox")

    public init(path: String) throws {
        folder = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `message` durably, off the concurrency pool.
    public func deliver(_ message: Message) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            queue.async { done.resume(with: Result { try write(message) }) }
        }
    }

    private func write(_ message: Message) throws {
        let data = try JSONEncoder.sorted.encode(message)
        let final = folder.appendingPathComponent("\(message.deliveryID).json")
        let temporary = folder.appendingPathComponent(".\(message.deliveryID).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        let descriptor = open(temporary.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        if rename(temporary.path, final.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
