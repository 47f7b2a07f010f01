import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SupportDomain

/// The inbound webhooks of the messaging channels. They carry no bearer token: each request is
/// authenticated by its HMAC signature instead (the platforms cannot send our tokens).
///
/// - WhatsApp Business Cloud API: `GET /channels/whatsapp/webhook` answers Meta's verification
///   handshake (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`); `POST` takes message
///   notifications signed in `X-Hub-Signature-256` with the app secret.
/// - Smart Contact chat: `POST /channels/chat/webhook` with `{"id", "from", "type":
///   "text/plain", "content"}` signed the same way in `X-Chat-Signature-256`.
struct ChannelWebhooks: Sendable {
    let handler: MessagingHandler
    let whatsApp: IntakeConfiguration.WhatsApp?
    let chat: IntakeConfiguration.Chat?
    let maximumBodySize: Int

    static let paths = ["/channels/whatsapp/webhook", "/channels/chat/webhook"]

    func register(on router: Router<IntakeRequestContext>) {
        router.get("/channels/whatsapp/webhook") { request, _ in try handshake(request) }
        router.post("/channels/whatsapp/webhook") { request, context in try await whatsAppMessages(request, context: context) }
        router.post("/channels/chat/webhook") { request, context in try await chatMessage(request, context: context) }
    }

    func handshake(_ request: Request) throws -> Response {
        guard let whatsApp else { throw IntakeError(.notFound, code: "channel_disabled", message: "WhatsApp is not configured.") }
        let query = request.uri.queryParameters
        guard query["hub.mode"].map(String.init) == "subscribe", let token = query["hub.verify_token"].map(String.init),
            TokenVerifier.constantTimeEqual(Array(token.utf8), Array(whatsApp.verifyToken.utf8)), let challenge = query["hub.challenge"].map(String.init),
            challenge.count <= 200
        else {
            throw IntakeError(.forbidden, code: "verification_failed", message: "hub.verify_token does not match.")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }

    func whatsAppMessages(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        guard let whatsApp else { throw IntakeError(.notFound, code: "channel_disabled", message: "WhatsApp is not configured.") }
        let body = try await signedBody(request, header: "X-Hub-Signature-256", secret: whatsApp.appSecret)
        let notification: WhatsAppNotification
        do {
            notification = try JSONDecoder().decode(WhatsAppNotification.self, from: Data(body))
        } catch {
            throw IntakeError(.badRequest, code: "invalid_payload", message: "Not a WhatsApp Cloud API notification.")
        }
        var outcomes: [String] = []
        for entry in notification.entry ?? [] {
            for change in entry.changes ?? [] {
                for message in change.value?.messages ?? [] {
                    let text = message.text?.body ?? message.caption.map { "[\(message.type ?? "media")] \($0)" } ?? "[\(message.type ?? "message")]"
                    let outcome = try await handler.handle(messageID: message.id, sender: "+" + message.from, text: text, channel: .whatsapp)
                    outcomes.append("\(outcome)")
                }
            }
        }
        context.logger.info("whatsapp webhook", metadata: ["outcomes": "\(outcomes)"])
        // Meta only needs a 200; anything else makes it resend.
        return Response(status: .ok)
    }

    func chatMessage(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        guard let chat else { throw IntakeError(.notFound, code: "channel_disabled", message: "The chat channel is not configured.") }
        let body = try await signedBody(request, header: "X-Chat-Signature-256", secret: chat.secret)
        let message: ChatMessage
        do {
            message = try JSONDecoder().decode(ChatMessage.self, from: Data(body))
        } catch {
            throw IntakeError(.badRequest, code: "invalid_payload", message: "Expected {\"id\", \"from\", \"type\", \"content\"}.")
        }
        let outcome = try await handler.handle(messageID: message.id, sender: message.from, text: message.content, channel: .chat)
        context.logger.info("chat webhook", metadata: ["outcome": "\(outcome)"])
        return Response(status: .ok)
    }

    /// The raw body, after its signature checks out (401 otherwise, 413 past the limit).
    func signedBody(_ request: Request, header name: String, secret: String) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw IntakeError(.contentTooLarge, code: "body_too_large", message: "The body is larger than \(maximumBodySize) bytes.")
        }
        let body = Array(buffer.readableBytesView)
        let signature = HTTPField.Name(name).flatMap { request.headers[$0] }
        guard WebhookVerifier(secret: Array(secret.utf8)).verify(body: body, header: signature) else {
            throw IntakeError(.unauthorized, code: "invalid_signature", message: "\(name) does not match the body.")
        }
        return body
    }
}

/// The parts of a Cloud API notification we read; statuses and other fields are ignored.
struct WhatsAppNotification: Decodable {
    var entry: [Entry]?
    struct Entry: Decodable { var changes: [Change]? }
    struct Change: Decodable { var value: Value? }
    struct Value: Decodable { var messages: [Message]? }
    struct Message: Decodable {
        var id: String
        var from: String
        var type: String?
        var text: Text?
        var image: Media?
        var document: Media?
        var caption: String? { image?.caption ?? document?.caption }
    }
    struct Text: Decodable { var body: String }
    struct Media: Decodable { var caption: String? }
}

/// A Smart Contact chat message.
struct ChatMessage: Decodable {
    var id: String
    var from: String
    var type: String?
    var content: String
}
