import Foundation
import HTTPTypes
import SupportDomain

/// A request body parsed as a JSON object and read field by field, so every mistake gets its
/// own message: 400 for what is not a JSON object, 422 for a field that is unknown, missing,
/// of the wrong type or out of range.
struct JSONBody {
    private let object: [String: Any]

    init(_ data: Data, allowed: Set<String>) throws {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw IntakeError(.badRequest, code: "malformed_json", message: "The body is not valid JSON.")
        }
        guard let object = parsed as? [String: Any] else {
            throw IntakeError(.badRequest, code: "malformed_json", message: "The body must be a JSON object.")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw IntakeError.validation("Unknown field \"\(unknown)\"; allowed: \(allowed.sorted().joined(separator: ", ")).")
        }
        self.object = object
    }

    /// A string field; `required` ones must not be blank. NUL is refused everywhere.
    func text(_ key: String, max: Int, required: Bool = true) throws -> String? {
        guard let value = object[key], !(value is NSNull) else {
            if required { throw IntakeError.validation("Field \"\(key)\" is required.") }
            return nil
        }
        guard let string = value as? String else { throw IntakeError.validation("Field \"\(key)\" must be a string.") }
        if required && string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw IntakeError.validation("Field \"\(key)\" must not be empty.")
        }
        if string.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw IntakeError.validation("Field \"\(key)\" must not contain NUL characters.")
        }
        guard string.count <= max else { throw IntakeError.validation("Field \"\(key)\" is longer than \(max) characters.") }
        return string
    }

    /// A field that must be one of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = true) throws -> T?
    where T.RawValue == String {
        guard let text = try text(key, max: 64, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            throw IntakeError.validation(
                "Field \"\(key)\" must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return value
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let raw = object[key], !(raw is NSNull) else { return value }
        // JSON booleans decode as NSNumber with objCType "c"; 0 and 1 must not pass for them.
        guard let number = raw as? NSNumber, String(cString: number.objCType) == "c" else {
            throw IntakeError.validation("Field \"\(key)\" must be true or false.")
        }
        return number.boolValue
    }
}
