/// Where a rendered message goes: SMTP, the WhatsApp Cloud API, a webhook, or the mailbox folder.
///
/// A channel makes one attempt and reports how it ended; the retry schedule, the dedupe and the
/// dead letters belong to ``NotificationService`` and its store, the same for every channel.
public protocol DeliveryChannel: Sendable {
    /// The `Message.channel` value this channel serves (`email`, `whatsapp`, `webhook`).
    var name: String { get }
    /// Where it delivers, for the circuit breaker and logs (`smtp://host:port`, a URL's host);
    /// never contains a secret.
    var destination: String { get }
    /// One delivery attempt. Throws ``DeliveryFailure``: `.transient` is retried with back-off,
    /// `.permanent` goes straight to the dead letters.
    func deliver(_ message: Message) async throws
}

/// How an attempt failed, as the channel's protocol tells it (SMTP 4xx vs 5xx, HTTP 5xx/429 vs
/// other 4xx). The reason never contains a secret.
public enum DeliveryFailure: Error, CustomStringConvertible, Sendable {
    case transient(String)
    case permanent(String)

    public var description: String {
        switch self {
        case .transient(let reason): "transient: \(reason)"
        case .permanent(let reason): "permanent: \(reason)"
        }
    }

    /// The usual HTTP reading: 2xx delivered; 408, 425, 429 and 5xx worth retrying; any other
    /// status means the request itself is wrong and retrying cannot help.
    static func http(status: Int, destination: String) -> DeliveryFailure? {
        switch status {
        case 200..<300: nil
        case 408, 425, 429, 500...: .transient("\(destination) answered HTTP \(status)")
        default: .permanent("\(destination) answered HTTP \(status)")
        }
    }
}
