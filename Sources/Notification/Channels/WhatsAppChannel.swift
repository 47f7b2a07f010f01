import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends text messages through the WhatsApp Business Cloud API's message endpoint,
/// `POST {baseURL}/{phone-number-id}/messages` with a bearer token. Tests point `baseURL` at a
/// local server that speaks the same API.
public struct WhatsAppChannel: DeliveryChannel {
    public let name = "whatsapp"
    /// Parsed once, as ``WebhookChannel/destination``.
    public let destination: String
    let baseURL: String
    let phoneNumberID: String
    let token: String
    let client: HTTPClient

    public init(baseURL: String, phoneNumberID: String, token: String, client: HTTPClient = DeliveryHTTPClient.shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.destination = WebhookChannel.hostOf(baseURL)
        self.phoneNumberID = phoneNumberID
        self.token = token
        self.client = client
    }

    public func deliver(_ message: Message) async throws {
        // The Cloud API takes the number as digits, with the country code and no "+".
        let to = message.recipient.filter(\.isNumber)
        guard to.count >= 8 else { throw DeliveryFailure.permanent("no usable WhatsApp number for delivery \(message.deliveryID)") }
        let payload = Payload(to: to, text: .init(body: "*\(message.subject)*\n\n\(message.body)"))
        try await client.deliver(
            to: "\(baseURL)/\(phoneNumberID)/messages", json: Array(try JSONEncoder().encode(payload)),
            headers: [("Authorization", "Bearer \(token)")], destination: "WhatsApp API \(destination)")
    }

    struct Payload: Encodable {
        var messaging_product = "whatsapp"
        var recipient_type = "individual"
        var to: String
        var type = "text"
        var text: Text
        struct Text: Encodable {
            var preview_url = false
            var body: String
        }
    }
}
