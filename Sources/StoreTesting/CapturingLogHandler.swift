import Logging
import Synchronization

/// What a ``CapturingLogHandler`` kept: each line's message and metadata, in order.
public final class CapturedLog: Sendable {
    public let lines = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

    public init() {}

    /// The lines whose message is `message`.
    public func lines(_ message: String) -> [Logger.Metadata] {
        lines.withLock { $0.filter { $0.message == message }.map(\.metadata) }
    }
}

/// Keeps what is logged, for tests that look for a log line (a real `Logger` over it).
public struct CapturingLogHandler: LogHandler {
    let log: CapturedLog
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(_ log: CapturedLog) { self.log = log }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        log.lines.withLock { $0.append((event.message.description, event.metadata ?? [:])) }
    }
}
