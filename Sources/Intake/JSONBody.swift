import Foundation
import HTTPTypes
import SupportBus

/// A request body parsed as a JSON object and read field by field, so every mistake gets its
/// own message: 400 for what is not a JSON object, 422 for a field that is unknown, missing,
/// of the wrong type or out of range.
///
/// Parsed by the bus's `JSONByteDecoder` (RFC 8259, strict UTF-8), which reads a ticket's body
/// in a fraction of the time `JSONSerialization` took to build its dictionary of `Any`
/// (BENCHMARKS.md).
struct JSONBody {
    /// What a field holds, as far as the readers below care.
    private enum Value: Decodable {
        case string(String), bool(Bool), null, other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            // Strings first: most fields are, and a refused type costs a thrown error.
            if container.decodeNil() {
                self = .null
            } else if let string = try? container.decode(String.self) {
                self = .string(string)
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else {
                self = .other
            }
        }
    }

    private static let decoder = JSONByteDecoder()
    private let object: [String: Value]

    init(_ data: Data, allowed: Set<String>) throws {
        let bytes = Array(data)
        do {
            object = try Self.decoder.decode([String: Value].self, from: bytes)
        } catch is DecodingError {
            throw IntakeError(.badRequest, code: "malformed_json", message: "The body must be a JSON object.")
        } catch {
            throw IntakeError(.badRequest, code: "malformed_json", message: "The body is not valid JSON.")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw IntakeError.validation("Unknown field \"\(unknown)\"; allowed: \(allowed.sorted().joined(separator: ", ")).")
        }
    }

    /// A string field; `required` ones must not be blank. NUL is refused everywhere.
    func text(_ key: String, max: Int, required: Bool = true) throws -> String? {
        let string: String
        switch object[key] {
        case nil, .null?:
            if required { throw IntakeError.validation("Field \"\(key)\" is required.") }
            return nil
        case .string(let value)?: string = value
        default: throw IntakeError.validation("Field \"\(key)\" must be a string.")
        }
        // Unicode's White_Space: the same characters as Foundation's whitespacesAndNewlines.
        if required && string.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            throw IntakeError.validation("Field \"\(key)\" must not be empty.")
        }
        if string.utf8.contains(0) {
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
        switch object[key] {
        case nil, .null?: return value
        case .bool(let bool)?: return bool
        default: throw IntakeError.validation("Field \"\(key)\" must be true or false.")
        }
    }
}
