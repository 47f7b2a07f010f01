import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportDomain

/// Posts each message as JSON to an integration's URL, signed with ``WebhookSignature``.
///
/// The delivery id travels in `X-SupportDesk-Delivery` (and in the body), so a receiver that
/// sees a retry of a request it already handled can ignore it.
public struct WebhookChannel: DeliveryChannel {
    public let name = "webhook"
    public var destination: String { Self.hostOf(url) }
    let url: String
    let secret: [UInt8]
    let client: HTTPClient

    public init(url: String, secret: [UInt8], client: HTTPClient = DeliveryHTTPClient.shared) {
        self.url = url
        self.secret = secret
        self.client = client
    }

    public func deliver(_ message: Message) async throws {
        let body = try Self.encoder.encode(WebhookPayload(message))
        let timestamp = Int(Date().timeIntervalSince1970)
        try await client.deliver(
            to: url, json: Array(body),
            headers: [
                ("User-Agent", "SupportDesk-Webhook/1"), ("X-SupportDesk-Delivery", message.deliveryID),
                (WebhookSignature.timestampHeader, String(timestamp)),
                (WebhookSignature.signatureHeader, WebhookSignature.sign(body: Array(body), timestamp: timestamp, secret: secret)),
            ], destination: "webhook \(destination)")
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Scheme, host and port only: URLs may carry tokens in their path or query.
    static func hostOf(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "(invalid URL)" }
        return "\(components.scheme ?? "http")://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}

/// The JSON a webhook receives: the rendered message and what it is about.
struct WebhookPayload: Encodable {
    var deliveryId: String
    var ticketId: String?
    var template: String
    var recipient: String
    var language: String
    var subject: String
    var body: String

    init(_ message: Message) {
        deliveryId = message.deliveryID
        ticketId = message.ticketID
        template = message.template
        recipient = message.recipient
        language = message.language.rawValue
        subject = message.subject
        body = message.body
    }
}
