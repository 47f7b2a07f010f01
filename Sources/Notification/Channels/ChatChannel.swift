import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Answers in the Smart Contact chat: `POST {baseURL}/messages` with `Authorization: Key …`
/// and a Blip-style text message `{"id", "to", "type": "text/plain", "content"}`. The id is
/// the delivery id, which the platform uses to drop a repeat.
public struct ChatChannel: DeliveryChannel {
    public let name = "chat"
    /// Parsed once, as ``WebhookChannel/destination``.
    public let destination: String
    let baseURL: String
    let key: String
    let client: HTTPClient

    public init(baseURL: String, key: String, client: HTTPClient = DeliveryHTTPClient.shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.destination = WebhookChannel.hostOf(baseURL)
        self.key = key
        self.client = client
    }

    public func deliver(_ message: Message) async throws {
        let payload = ["id": message.deliveryID, "to": message.recipient, "type": "text/plain", "content": "\(message.subject)\n\n\(message.body)"]
        try await client.deliver(
            to: "\(baseURL)/messages", json: Array(try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])),
            headers: [("Authorization", "Key \(key)")], destination: "chat API \(destination)")
    }
}
