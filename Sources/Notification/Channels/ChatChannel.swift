import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Answers in the Smart Contact chat: `POST {baseURL}/messages` with `Authorization: Key …`
/// and a Blip-style text message `{"id", "to", "type": "text/plain", "content"}`. The id is
/// the delivery id, which the platform uses to drop a repeat.
public struct ChatChannel: DeliveryChannel {
    public let name = "chat"
    public var destination: String { WebhookChannel.hostOf(baseURL) }
    let baseURL: String
    let key: String
    let client: HTTPClient

    public init(baseURL: String, key: String, client: HTTPClient = DeliveryHTTPClient.shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.key = key
        self.client = client
    }

    public func deliver(_ message: Message) async throws {
        let payload = ["id": message.deliveryID, "to": message.recipient, "type": "text/plain", "content": "\(message.subject)\n\n\(message.body)"]
        var request = HTTPClientRequest(url: "\(baseURL)/messages")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Key \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(10))
        } catch {
            throw DeliveryFailure.transient("chat API \(destination) unreachable: \(error)")
        }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        if let failure = DeliveryFailure.http(status: Int(response.status.code), destination: "chat API") { throw failure }
    }
}
