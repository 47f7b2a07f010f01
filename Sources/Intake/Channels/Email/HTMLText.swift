import Foundation

/// HTML mail as readable text: scripts and styles dropped, block ends and `<br>` as line
/// breaks, tags removed, entities decoded, runs of blank lines collapsed.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = html
        for tag in ["script", "style", "head", "title"] {
            while let open = text.range(of: "<\(tag)", options: .caseInsensitive),
                let close = text.range(of: "</\(tag)>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
            {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let close = text[index...].firstIndex(of: ">") {
                let tag = text[text.index(after: index)..<close].lowercased()
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                if ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "blockquote", "table"].contains(String(name)) {
                    out.append("\n")
                }
                index = text.index(after: close)
                continue
            }
            out.append(character == "\r" || character == "\n" ? " " : character)
            index = text.index(after: index)
        }
        let decoded = entities(out)
        let lines = decoded.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "\u{00A0}", with: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        return result.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let named: [String: String] = [
        "nbsp": "\u{00A0}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "auml": "ä", "ouml": "ö",
        "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "eacute": "é", "egrave": "è", "aacute": "á",
        "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú", "ccedil": "ç", "atilde": "ã", "otilde": "õ",
        "ntilde": "ñ", "ecirc": "ê", "acirc": "â", "ocirc": "ô", "euro": "€", "copy": "©", "reg": "®", "ndash": "–",
        "mdash": "—", "hellip": "…", "laquo": "«", "raquo": "»", "bull": "•", "middot": "·", "rsquo": "’", "lsquo": "‘",
        "rdquo": "”", "ldquo": "“",
    ]

    static func entities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let entity = text[text.index(after: index)..<semicolon]
                var replacement: String?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    replacement = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    replacement = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = named[String(entity)]
                }
                if let replacement {
                    out += replacement
                    index = text.index(after: semicolon)
                    continue
                }
            }
            out.append(text[index])
            index = text.index(after: index)
        }
        return out
    }
}
