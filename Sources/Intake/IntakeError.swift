import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error a client sees: an HTTP status, a machine code and a human message, always as
/// `{"error": {"code": ..., "message": ...}}`.
public struct IntakeError: HTTPResponseError, CustomStringConvertible, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`…).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(ErrorBody(error: .init(code: code, message: message)))
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        fields.append(contentsOf: headers)
        return Response(
            status: status, headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func validation(_ message: String) -> IntakeError {
        IntakeError(.unprocessableContent, code: "invalid_field", message: message)
    }
}

/// The wire shape of every error response.
struct ErrorBody: Codable {
    struct Detail: Codable {
        let code: String
        let message: String
    }
    let error: Detail
}
