/// The languages SupportDesk speaks to people in. A requester's preferred language drives every
/// message they get; unset means English (SPEC default).
public enum Language: String, Codable, Sendable, CaseIterable {
    case ptBR = "pt-BR"
    case en
    case es

    /// The language for a tag such as `pt`, `pt-BR`, `es-AR` or `en-US`, or nil when we do not
    /// speak it.
    public init?(tag: String) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        switch primary {
        case "pt": self = .ptBR
        case "en": self = .en
        case "es": self = .es
        default: return nil
        }
    }

    /// The first language we speak in an HTTP `Accept-Language` header, honouring q-values.
    public static func preferred(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = pieces.first, let language = Language(tag: first) else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (language, q)
        }
        return ranked.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0
    }
}

import Foundation
