import Foundation

/// RFC 2047 encoded words in header values (`=?iso-8859-1?Q?J=F6rg?=`): decoded, with the
/// white space between two adjacent encoded words removed as the RFC says.
enum EncodedWords {
    static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var out = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, length) = word(rest) {
                if !lastWasEncoded { out += pendingSpace }
                pendingSpace = ""
                out += decoded
                rest = rest.dropFirst(length)
                lastWasEncoded = true
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
            } else {
                out += pendingSpace
                pendingSpace = ""
                out.append(character)
                lastWasEncoded = false
            }
        }
        return out + pendingSpace
    }

    /// One encoded word at the start of `text` and how many characters it spans.
    private static func word(_ text: Substring) -> (String, Int)? {
        let body = text.dropFirst(2)
        guard let q1 = body.firstIndex(of: "?") else { return nil }
        let charset = body[..<q1].split(separator: "*").first.map(String.init) ?? ""  // RFC 2231 language tag
        let afterCharset = body[body.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?") else { return nil }
        let encoding = afterCharset[..<q2].uppercased()
        let payloadStart = afterCharset.index(after: q2)
        guard let end = afterCharset[payloadStart...].range(of: "?=") else { return nil }
        let payload = afterCharset[payloadStart..<end.lowerBound]
        // Spaces are not allowed inside an encoded word, but mailers put them there; accept
        // them unless the "word" runs on for longer than any real one.
        guard payload.count < 1000 else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.base64(ArraySlice(Array(payload.utf8)))
        case "Q":
            let underscores = payload.replacingOccurrences(of: "_", with: " ")
            bytes = TransferEncoding.quotedPrintable(ArraySlice(Array(underscores.utf8)))
        default: return nil
        }
        let length = text.distance(from: text.startIndex, to: end.upperBound)
        return (Charsets.decode(bytes[...], charset: charset), length)
    }
}
