import HTTPTypes
import Foundation
import SupportDomain

/// The body of `POST /v1/tickets`, validated field by field so every mistake gets its own
/// message instead of a generic decoding failure.
struct NewTicketRequest {
    var account: String
    var requester: String
    var channel: Channel
    var type: TicketType?
    var subject: String
    var description: String

    static let maximumSubjectLength = 500
    static let maximumDescriptionLength = 100_000

    /// Parses and validates a JSON body: 400 for what is not a JSON object, 422 for a field
    /// that is missing, of the wrong type or out of range.
    init(json data: Data) throws {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data, options: []) as? [String: Any] else {
                throw IntakeError(.badRequest, code: "malformed_json", message: "The body must be a JSON object.")
            }
            object = parsed
        } catch let error as IntakeError {
            throw error
        } catch {
            throw IntakeError(.badRequest, code: "malformed_json", message: "The body is not valid JSON.")
        }
        let known: Set = ["account", "requester", "channel", "type", "subject", "description"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw IntakeError.validation("Unknown field \"\(unknown)\"; allowed: \(known.sorted().joined(separator: ", ")).")
        }
        func text(_ key: String, max: Int, required: Bool = true) throws -> String? {
            guard let value = object[key], !(value is NSNull) else {
                if required { throw IntakeError.validation("Field \"\(key)\" is required.") }
                return nil
            }
            guard let string = value as? String else {
                throw IntakeError.validation("Field \"\(key)\" must be a string.")
            }
            if required && string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw IntakeError.validation("Field \"\(key)\" must not be empty.")
            }
            if string.unicodeScalars.contains(where: { $0.value == 0 }) {
                throw IntakeError.validation("Field \"\(key)\" must not contain NUL characters.")
            }
            guard string.count <= max else {
                throw IntakeError.validation("Field \"\(key)\" is longer than \(max) characters.")
            }
            return string
        }
        account = try text("account", max: 200)!
        requester = try text("requester", max: 320)!
        let channelText = try text("channel", max: 40)!
        guard let channel = Channel(rawValue: channelText) else {
            throw IntakeError.validation(
                "Field \"channel\" must be one of \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self.channel = channel
        if let typeText = try text("type", max: 40, required: false) {
            guard let type = TicketType(rawValue: typeText) else {
                throw IntakeError.validation(
                    "Field \"type\" must be one of \(TicketType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            self.type = type
        } else {
            self.type = nil
        }
        subject = try text("subject", max: Self.maximumSubjectLength)!
        description = try text("description", max: Self.maximumDescriptionLength, required: false) ?? ""
    }
}
