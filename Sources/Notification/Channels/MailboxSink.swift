import Foundation
import Synchronization

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
    private let waiting = Waiting()

    public init(path: String) throws {
        folder = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `message` durably, off the concurrency pool; returns once it is synced.
    public func deliver(_ message: Message) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            if waiting.add(message, done) { queue.async { [self] in drain() } }
        }
    }

    /// Writes every message waiting, syncs them, renames them into place and syncs the folder
    /// once, then answers each caller. Before, each message waited for the whole write, sync and
    /// rename of the one ahead of it on this queue; the folder's sync (which makes the renames
    /// durable) is shared by the batch.
    private func drain() {
        while let batch = waiting.takeAll() {
            var results: [Result<URL, any Error>] = batch.map { message, _ in Result { try writeTemporary(message) } }
            for case .success(let temporary) in results { Self.sync(temporary.path) }
            for (index, (message, _)) in batch.enumerated() {
                guard case .success(let temporary) = results[index] else { continue }
                let final = folder.appendingPathComponent("\(message.deliveryID).json")
                if rename(temporary.path, final.path) != 0 {
                    try? FileManager.default.removeItem(at: temporary)
                    results[index] = .failure(CocoaError(.fileWriteUnknown))
                }
            }
            Self.sync(folder.path)
            for (result, (_, done)) in zip(results, batch) { done.resume(with: result.map { _ in () }) }
        }
    }

    private func writeTemporary(_ message: Message) throws -> URL {
        let data = try JSONEncoder.sorted.encode(message)
        let temporary = folder.appendingPathComponent(".\(message.deliveryID).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        return temporary
    }

    private static func sync(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// The messages waiting for the mailbox's queue, and whether a drain is already on its way.
private final class Waiting: Sendable {
    typealias Entry = (message: Message, done: CheckedContinuation<Void, any Error>)
    private let state = Mutex<(entries: [Entry], draining: Bool)>(([], false))

    /// Adds one; true when the caller must start a drain.
    func add(_ message: Message, _ done: CheckedContinuation<Void, any Error>) -> Bool {
        state.withLock { state in
            state.entries.append((message, done))
            defer { state.draining = true }
            return !state.draining
        }
    }

    /// Everything waiting, or nil (and the drain ends) when nothing is.
    func takeAll() -> [Entry]? {
        state.withLock { state in
            guard !state.entries.isEmpty else {
                state.draining = false
                return nil
            }
            defer { state.entries.removeAll(keepingCapacity: true) }
            return state.entries
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
