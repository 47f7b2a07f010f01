import Foundation
import Mustache
import SupportDomain

/// The words of every notification: one Mustache file per template and language,
/// `<template>.<language>.mustache` in `services/notification/templates/`, so support teams
/// change wording without a build.
///
/// A file renders to `Subject: …`, a blank line, then the body. Files start with
/// `{{% CONTENT_TYPE: TEXT}}`: these are plain-text messages, so nothing is HTML-escaped. Every
/// template must exist in every language; a missing or broken file stops start-up with its name.
public struct TemplateLibrary: Sendable {
    let library: MustacheLibrary
    public static let names = [
        "ticket.acknowledgement", "ticket.refusal", "ticket.reply", "ticket.resolved", "sla.warning", "sla.breached", "digest",
    ]

    public init(folder: String) throws {
        var templates: [String: MustacheTemplate] = [:]
        var missing: [String] = []
        for name in Self.names {
            for language in Language.allCases {
                let key = "\(name).\(language.rawValue)"
                let path = URL(fileURLWithPath: folder).appendingPathComponent("\(key).mustache").path
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    missing.append("\(key).mustache")
                    continue
                }
                do {
                    templates[key] = try MustacheTemplate(string: text)
                } catch {
                    throw TemplateError(description: "template \(path) does not parse: \(error)")
                }
            }
        }
        guard missing.isEmpty else {
            throw TemplateError(description: "templates missing in \(folder): \(missing.joined(separator: ", "))")
        }
        library = MustacheLibrary(templates: templates)
        // Render each once, so a template without its Subject line is found now, not at 3 a.m.
        for key in templates.keys.sorted() {
            guard let text = library.render([String: Any](), withTemplate: key), Self.split(text) != nil else {
                throw TemplateError(description: "template \(folder)/\(key).mustache must start with a `Subject: …` line and a blank line")
            }
        }
    }

    /// Renders `name` in `language` with `context`.
    func render(_ name: String, language: Language, _ context: [String: Any]) -> (subject: String, body: String) {
        let text = library.render(context, withTemplate: "\(name).\(language.rawValue)") ?? ""
        return Self.split(text) ?? (name, text)
    }

    /// `Subject: …` on the first non-empty line, then a blank line, then the body.
    static func split(_ text: String) -> (subject: String, body: String)? {
        let trimmed = text.drop { $0 == "\n" || $0 == "\r" }
        guard trimmed.hasPrefix("Subject:"), let end = trimmed.firstIndex(of: "\n") else { return nil }
        let subject = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 8)..<end].trimmingCharacters(in: .whitespaces)
        var body = trimmed[trimmed.index(after: end)...]
        guard body.first == "\n" else { return nil }
        body = body.dropFirst()
        return (subject, String(body))
    }
}

public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
