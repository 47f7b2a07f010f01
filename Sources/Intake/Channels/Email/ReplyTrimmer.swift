import Foundation

/// Cuts the quoted history from a reply, so the ticket stores what the customer wrote this
/// time: everything from the first attribution line ("On … wrote:", "Em … escreveu:", "El …
/// escribió:", "Am … schrieb …:", Outlook's "-----Original Message-----" or its From:/De:
/// header block) or from a run of `>` lines that goes to the end.
enum ReplyTrimmer {
    static func trim(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        var cut = lines.count
        for (index, line) in lines.enumerated() where isAttribution(line, next: index + 1 < lines.count ? lines[index + 1] : "") {
            cut = index
            break
        }
        // A block of quoted lines that runs to the end (blank lines allowed) is history too.
        var tail = cut
        while tail > 0 {
            let line = lines[tail - 1].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix(">") || line.isEmpty else { break }
            tail -= 1
        }
        if tail < cut, lines[tail..<cut].contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }) { cut = tail }
        let kept = lines[..<cut].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return kept.isEmpty ? text.trimmingCharacters(in: .whitespacesAndNewlines) : kept
    }

    static func isAttribution(_ raw: String, next: String) -> Bool {
        let line = raw.trimmingCharacters(in: .whitespaces)
        let lower = line.lowercased()
        if lower.hasPrefix("-----original message-----") || lower.hasPrefix("-----mensagem original-----")
            || lower.hasPrefix("-----mensaje original-----") || lower.hasPrefix("-----ursprüngliche nachricht-----")
        {
            return true
        }
        let endsLikeAttribution = line.hasSuffix(":")
        for (start, verb) in [("on ", " wrote"), ("em ", " escreveu"), ("el ", " escribió"), ("am ", " schrieb"), ("le ", " a écrit")]
        where lower.hasPrefix(start) && lower.contains(verb) && endsLikeAttribution {
            return true
        }
        // Outlook without a separator: "From: …" directly followed by "Sent:"/"Enviado:"/"Gesendet:".
        if lower.hasPrefix("from:") || lower.hasPrefix("de:") || lower.hasPrefix("von:") {
            let following = next.lowercased().trimmingCharacters(in: .whitespaces)
            return ["sent:", "enviado:", "enviada:", "gesendet:", "date:", "data:", "fecha:"].contains { following.hasPrefix($0) }
        }
        return false
    }
}
