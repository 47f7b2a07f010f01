import Foundation
import SupportDomain

/// One object of a ``JSONDocument``, read member by member by name: what ``EnvelopeReader``
/// builds the bus's envelopes from without `Codable`.
///
/// Why not ``JSONByteDecoder`` for envelopes: going through `Decodable` costs a type-erased
/// container, a coding path and generic metadata lookups for every field, and that, not the
/// text, was most of decoding an envelope (BENCHMARKS.md). The rules are `Decodable`'s as
/// synthesized: a required member must be there and not null; an optional one may be missing
/// or null; numbers must fit; enums take their raw values. Errors name the member's path.
struct JSONFields {
    let document: JSONDocument
    let node: Int
    /// Where this object is, for errors: "payload.ticket".
    let path: String

    init(_ document: JSONDocument, at node: Int, path: String) throws(JSONFieldError) {
        guard document.nodes[node].kind == .object else { throw JSONFieldError(path: path, reason: "expected an object") }
        self.document = document
        self.node = node
        self.path = path
    }

    private func at(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// The member's value node; nil if it is missing or null.
    func optional(_ name: String) -> Int? {
        guard let index = document.member(named: name, in: node), document.nodes[index].kind != .null else { return nil }
        return index
    }

    func required(_ name: String) throws(JSONFieldError) -> Int {
        guard let index = document.member(named: name, in: node) else { throw JSONFieldError(path: at(name), reason: "missing") }
        guard document.nodes[index].kind != .null else { throw JSONFieldError(path: at(name), reason: "null") }
        return index
    }

    private func expect(_ kind: JSONDocument.Kind, _ index: Int, _ name: String, _ what: String) throws(JSONFieldError) {
        guard document.nodes[index].kind == kind else { throw JSONFieldError(path: at(name), reason: "expected \(what)") }
    }

    func string(_ name: String) throws(JSONFieldError) -> String { try string(name, at: try required(name)) }

    func optionalString(_ name: String) throws(JSONFieldError) -> String? {
        guard let index = optional(name) else { return nil }
        return try string(name, at: index)
    }

    private func string(_ name: String, at index: Int) throws(JSONFieldError) -> String {
        try expect(.string, index, name, "a string")
        return document.string(index)
    }

    func integer<T: FixedWidthInteger>(_ name: String, as type: T.Type = Int.self) throws(JSONFieldError) -> T {
        let index = try required(name)
        try expect(.number, index, name, "a number")
        guard let value = document.integer(index, as: type) else { throw JSONFieldError(path: at(name), reason: "not an integer that fits in \(type)") }
        return value
    }

    func double(_ name: String) throws(JSONFieldError) -> Double { try double(name, at: try required(name)) }

    func optionalDouble(_ name: String) throws(JSONFieldError) -> Double? {
        guard let index = optional(name) else { return nil }
        return try double(name, at: index)
    }

    private func double(_ name: String, at index: Int) throws(JSONFieldError) -> Double {
        try expect(.number, index, name, "a number")
        guard let value = document.double(index), value.isFinite else { throw JSONFieldError(path: at(name), reason: "number out of range") }
        return value
    }

    func bool(_ name: String) throws(JSONFieldError) -> Bool {
        switch document.nodes[try required(name)].kind {
        case .true: true
        case .false: false
        default: throw JSONFieldError(path: at(name), reason: "expected true or false")
        }
    }

    /// A time in the bus's format (ISO 8601 UTC, ``Timestamp``).
    func date(_ name: String) throws(JSONFieldError) -> Date { try date(name, at: try required(name)) }

    func optionalDate(_ name: String) throws(JSONFieldError) -> Date? {
        guard let index = optional(name) else { return nil }
        return try date(name, at: index)
    }

    private func date(_ name: String, at index: Int) throws(JSONFieldError) -> Date {
        try expect(.string, index, name, "a time")
        guard let date = document.timestamp(index) ?? Timestamp.parse(document.string(index)) else {
            throw JSONFieldError(path: at(name), reason: "not an ISO 8601 time")
        }
        return date
    }

    /// A string enum by its raw value.
    func value<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws(JSONFieldError) -> T where T.RawValue == String {
        try value(name, at: try required(name))
    }

    func optionalValue<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws(JSONFieldError) -> T? where T.RawValue == String {
        guard let index = optional(name) else { return nil }
        return try value(name, at: index)
    }

    private func value<T: RawRepresentable>(_ name: String, at index: Int) throws(JSONFieldError) -> T where T.RawValue == String {
        let raw = try string(name, at: index)
        guard let value = T(rawValue: raw) else { throw JSONFieldError(path: at(name), reason: "unknown value \"\(raw)\"") }
        return value
    }

    func object(_ name: String) throws(JSONFieldError) -> JSONFields {
        try JSONFields(document, at: try required(name), path: at(name))
    }

    /// An array's elements, each read by `element` with its path.
    func array<T>(_ name: String, _ element: (Int, String) throws(JSONFieldError) -> T) throws(JSONFieldError) -> [T] {
        let index = try required(name)
        try expect(.array, index, name, "an array")
        var values: [T] = []
        values.reserveCapacity(document.nodes[index].count)
        var item = index + 1
        for n in 0..<document.nodes[index].count {
            values.append(try element(item, "\(at(name))[\(n)]"))
            item = document.nodes[item].next
        }
        return values
    }

    /// An array of objects.
    func objects<T>(_ name: String, _ element: (JSONFields) throws(JSONFieldError) -> T) throws(JSONFieldError) -> [T] {
        try array(name) { (index, path) throws(JSONFieldError) in try element(try JSONFields(document, at: index, path: path)) }
    }

    /// An array of strings.
    func strings(_ name: String) throws(JSONFieldError) -> [String] {
        try array(name) { (index, path) throws(JSONFieldError) in
            guard document.nodes[index].kind == .string else { throw JSONFieldError(path: path, reason: "expected a string") }
            return document.string(index)
        }
    }
}

/// A member that is missing, null where it may not be, or of the wrong type.
struct JSONFieldError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path): \(reason)" }
}
