import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SupportBus
import SupportDomain

/// Posts each message as JSON to an integration's URL, signed with ``WebhookSignature``.
///
/// The delivery id travels in `X-SupportDesk-Delivery` (and in the body), so a receiver that
/// sees a retry of a request it already handled can ignore it.
public struct WebhookChannel: DeliveryChannel {
    public let name = "webhook"
    /// Parsed once: every attempt names it (the circuit breaker twice, errors), and parsing the
    /// URL with `URLComponents` each time showed in `perf` of a webhook load run.
    public let destination: String
    let url: String
    /// The secret, keyed once: every request is signed with it.
    let signer: HMAC<SHA256>
    let client: HTTPClient

    public init(url: String, secret: [UInt8], client: HTTPClient = DeliveryHTTPClient.shared) {
        self.url = url
        self.destination = Self.hostOf(url)
        self.signer = WebhookSignature.keyed(secret)
        self.client = client
    }

    public func deliver(_ message: Message) async throws {
        let body = try Self.encoder.encode(WebhookPayload(message))
        let timestamp = Int(Date().timeIntervalSince1970)
        try await client.deliver(
            to: url, json: body,
            headers: [
                ("User-Agent", "SupportDesk-Webhook/1"), ("X-SupportDesk-Delivery", message.deliveryID),
                (WebhookSignature.timestampHeader, String(timestamp)),
                (WebhookSignature.signatureHeader, WebhookSignature.sign(body: body, timestamp: timestamp, keyed: signer)),
            ], destination: "webhook \(destination)")
    }

    /// The project's encoder, cheaper than Foundation's (BENCHMARKS.md, notification): keys in
    /// the payload's declaration order, which is sorted, and `/` not escaped, so receivers get
    /// the bytes Foundation's sorted-key encoder wrote before (`WebhookSignatureTests`).
    static let encoder = StreamingJSONEncoder()

    /// Scheme, host and port only: URLs may carry tokens in their path or query.
    static func hostOf(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "(invalid URL)" }
        return "\(components.scheme ?? "http")://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}

/// The JSON a webhook receives: the rendered message and what it is about. Properties in
/// sorted order: they are the body's key order.
struct WebhookPayload: Encodable {
    var body: String
    var deliveryId: String
    var language: String
    var recipient: String
    var subject: String
    var template: String
    var ticketId: String?

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
