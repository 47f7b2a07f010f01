import Foundation

/// Addresses and message ids in header values.
enum Addresses {
    /// The first mailbox of a From-like value → (address, display name). Reads
    /// `"Name" <a@b>`, `Name <a@b>`, `a@b (Name)`, `a@b`, and the broken forms real mail has
    /// (`Name a@b`, quotes and spaces inside the address, a stray `>`).
    static func parse(_ value: String) -> (String?, String?) {
        let text = EncodedWords.decode(value).trimmingCharacters(in: .whitespaces)
        for candidate in mailboxes(text) {
            if let (address, name) = mailbox(candidate), address.contains("@") { return (address, name) }
        }
        return (nil, nil)
    }

    /// Splits on commas outside quotes and angle brackets.
    static func mailboxes(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        for character in text {
            switch character {
            case "\"": quoted.toggle()
            case "<" where !quoted: angle = true
            case ">" where !quoted: angle = false
            case "," where !quoted && !angle:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    static func mailbox(_ text: String) -> (String, String?)? {
        var name: String?
        var address: String
        if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            address = String(text[text.index(after: open)..<close])
            name = String(text[..<open])
        } else if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            address = String(text[..<open])
            name = String(text[text.index(after: open)..<close])
        } else if let word = text.split(separator: " ").last(where: { $0.contains("@") }), !text.hasPrefix("\"") {
            // "Test test@example.com": a name and an address without brackets.
            address = String(word)
            let rest = text.dropLast(word.count).trimmingCharacters(in: .whitespaces)
            name = rest.isEmpty ? nil : rest
        } else {
            address = text
        }
        address.removeAll { $0 == "\"" || $0 == "<" || $0 == ">" || $0.isWhitespace }
        let cleanName = name.map {
            var n = $0.trimmingCharacters(in: .whitespaces)
            if n.hasPrefix("\"") && n.hasSuffix("\"") && n.count >= 2 { n = String(n.dropFirst().dropLast()) }
            return n.replacingOccurrences(of: "\\\"", with: "\"").trimmingCharacters(in: .whitespaces)
        }
        guard !address.isEmpty else { return nil }
        return (address, cleanName?.isEmpty == false ? cleanName : nil)
    }

    /// Every `<id>` in a header value, brackets kept.
    static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[open...close]
            if id.count > 2 && !id.contains(" ") { ids.append(String(id)) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }
}
