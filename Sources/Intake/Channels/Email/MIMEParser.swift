import Foundation

/// Reads an RFC 5322 / MIME message into an ``InboundMail``: header unfolding, RFC 2047
/// encoded words, RFC 2231 parameters, base64 and quoted-printable, the common charsets, nested
/// multiparts (text/plain preferred in an alternative, HTML turned into text when it is the only
/// text), and attachments by name, type and size.
///
/// Written by hand because no listed package parses e-mail; it is lenient where real mailers
/// are sloppy (bare LF, missing charsets, 8-bit headers) and never throws on content it can
/// skip. What it cannot read at all throws ``MIMEError``.
enum MIMEParser {
    static func parse(_ raw: [UInt8]) throws -> InboundMail {
        var bytes = ArraySlice(raw)
        // An mbox "From " separator line is not a header.
        if bytes.starts(with: Array("From ".utf8)), let newline = bytes.firstIndex(of: 0x0A) {
            bytes = bytes[(newline + 1)...]
        }
        let (headerBytes, body) = splitHeader(bytes)
        let headers = parseHeaders(headerBytes)
        guard !headers.isEmpty else { throw MIMEError("no header fields") }
        guard headers.contains(where: { $0.name == "from" || $0.name == "subject" || $0.name == "message-id" }) else {
            throw MIMEError("no From, Subject or Message-ID field: not an e-mail")
        }
        var collector = PartCollector()
        let content = collector.walk(headers: headers, body: body, depth: 0)
        let decoded = headers.map { (name: $0.name, value: EncodedWords.decode($0.value)) }
        func first(_ name: String) -> String? { decoded.first { $0.name == name }?.value }
        // The first From that names a mailbox; without one, who replies or who sent.
        var sender: (String?, String?) = (nil, nil)
        for field in ["from", "reply-to", "sender", "return-path"] {
            for value in decoded where value.name == field {
                sender = Addresses.parse(value.value)
                if sender.0 != nil { break }
            }
            if sender.0 != nil { break }
        }
        let (address, name) = sender
        let references = Addresses.messageIDs(first("in-reply-to") ?? "") + Addresses.messageIDs(first("references") ?? "")
        // Line ends as "\n": in Swift "\r\n" is a single Character, which every line split would miss.
        let text = (content.map { $0.html ? HTMLText.plain($0.text) : $0.text } ?? "")
            .replacingOccurrences(of: "\r\n", with: "\n")
        return InboundMail(
            fromAddress: address, fromName: name,
            subject: (first("subject") ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            messageID: Addresses.messageIDs(first("message-id") ?? "").first, referencedIDs: references,
            text: text, fromHTML: content?.html ?? false, attachments: collector.attachments, returnedIDs: collector.returnedIDs,
            headers: decoded)
    }

    /// Splits at the first empty line (CRLF CRLF or bare LF LF).
    static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var lineStart = index
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                let line = bytes[lineStart..<index]
                if line.isEmpty || line == [0x0D] { return (bytes[bytes.startIndex..<lineStart], bytes[(index + 1)...]) }
                lineStart = index + 1
            }
            index += 1
        }
        return (bytes, [])
    }

    /// Header fields with names lower-cased and continuation lines unfolded; values raw (not
    /// yet RFC 2047 decoded). Bytes that are not UTF-8 are read as Latin-1.
    static func parseHeaders(_ bytes: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        // Split bytes, not characters: "\r\n" is one Character in Swift. Each line is decoded on
        // its own, so one Latin-1 line does not turn the UTF-8 of another into mojibake.
        for rawLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let lineBytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            if lineBytes.isEmpty { continue }
            let line = Substring(Charsets.decode(lineBytes, charset: "utf-8"))
            if line.first == " " || line.first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, !name.contains(" ") else { continue }
            fields.append((name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return fields
    }
}

struct MIMEError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Walks the MIME tree: an alternative gives its plain text (its HTML turned into text when the
/// plain one is empty), a mixed or related multipart gives its inline texts one after the other,
/// and everything else is an attachment.
struct PartCollector {
    var attachments: [InboundMail.Attachment] = []
    /// Message-IDs of messages this one returns (a bounce's `message/rfc822` or
    /// `text/rfc822-headers` part).
    var returnedIDs: [String] = []

    /// The readable text of an entity and whether it came from HTML; nil when it has none.
    mutating func walk(headers: [(name: String, value: String)], body: ArraySlice<UInt8>, depth: Int) -> (text: String, html: Bool)? {
        guard depth < 20 else { return nil }
        let contentType = ContentType(headers.first { $0.name == "content-type" }?.value ?? "text/plain")
        let disposition = ContentType(headers.first { $0.name == "content-disposition" }?.value ?? "")
        let encoding = (headers.first { $0.name == "content-transfer-encoding" }?.value ?? "7bit").lowercased()
        let filename = disposition.parameter("filename") ?? contentType.parameter("name")

        if contentType.type.hasPrefix("multipart/"), let boundary = contentType.parameter("boundary"), !boundary.isEmpty {
            let parts = Self.split(body, boundary: boundary).compactMap { part -> (text: String, html: Bool)? in
                let (h, b) = MIMEParser.splitHeader(part)
                return walk(headers: MIMEParser.parseHeaders(h), body: b, depth: depth + 1)
            }
            if contentType.type == "multipart/alternative" {
                let blank = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
                return parts.first { !$0.html && !blank($0.text) } ?? parts.first { $0.html && !blank($0.text) } ?? parts.first
            }
            let texts = parts.filter { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            guard !texts.isEmpty else { return parts.first }
            return (texts.map { $0.html ? HTMLText.plain($0.text) : $0.text }.joined(separator: "\n\n"), false)
        }
        let decoded = TransferEncoding.decode(body, encoding)
        if ["message/rfc822", "text/rfc822-headers", "message/rfc822-headers"].contains(contentType.type) {
            let embedded = MIMEParser.parseHeaders(MIMEParser.splitHeader(decoded[...]).0)
            returnedIDs += embedded.filter { ["message-id", "in-reply-to", "references"].contains($0.name) }
                .flatMap { Addresses.messageIDs($0.value) }
        }
        let isText = contentType.type.isEmpty || contentType.type.hasPrefix("text/")
        if disposition.type == "attachment" || !isText || (filename != nil && disposition.type != "inline" && depth > 0) {
            let name = filename.map(EncodedWords.decode) ?? Self.defaultName(contentType.type)
            attachments.append(.init(name: name, type: contentType.type, size: decoded.count))
            return nil
        }
        let text = Charsets.decode(decoded[...], charset: contentType.parameter("charset") ?? "us-ascii")
        return (text, contentType.type == "text/html")
    }

    static func defaultName(_ type: String) -> String {
        type == "message/rfc822" ? "forwarded message.eml" : "attachment"
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let marker = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var current: Int?
        var lineStart = body.startIndex
        var index = body.startIndex
        while index <= body.endIndex {
            if index == body.endIndex || body[index] == 0x0A {
                var line = body[lineStart..<index]
                if line.last == 0x0D { line = line.dropLast() }
                if line.starts(with: marker) {
                    let rest = line.dropFirst(marker.count)
                    let closing = rest.starts(with: [0x2D, 0x2D])
                    if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || closing {
                        if let start = current {
                            // The CRLF before a boundary belongs to the boundary.
                            var end = lineStart
                            if end > start, body[end - 1] == 0x0A { end -= 1 }
                            if end > start, body[end - 1] == 0x0D { end -= 1 }
                            parts.append(body[start..<max(start, end)])
                        }
                        if closing { return parts }
                        current = min(index + 1, body.endIndex)
                    }
                }
                lineStart = index + 1
            }
            index += 1
        }
        if let start = current, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}

/// A `Content-Type` or `Content-Disposition` value: the type and its parameters, including
/// RFC 2231 `name*=charset''percent-encoded` and continuations `name*0=`.
struct ContentType {
    let type: String
    private var parameters: [String: String] = [:]

    init(_ value: String) {
        var pieces = Self.splitParameters(value)
        type = pieces.isEmpty ? "" : pieces.removeFirst().trimmingCharacters(in: .whitespaces).lowercased()
        var continued: [String: [(Int, String, Bool)]] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var raw = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
                raw = String(raw.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            let extended = key.hasSuffix("*")
            if extended { key.removeLast() }
            if let star = key.firstIndex(of: "*"), let number = Int(key[key.index(after: star)...]) {
                continued[String(key[..<star]), default: []].append((number, raw, extended))
                continue
            }
            parameters[key] = extended ? Self.decode2231(raw, first: true) : raw
        }
        for (key, pieces) in continued {
            let ordered = pieces.sorted { $0.0 < $1.0 }
            parameters[key] = ordered.enumerated().map { index, piece in
                piece.2 ? Self.decode2231(piece.1, first: index == 0) : piece.1
            }.joined()
        }
    }

    func parameter(_ name: String) -> String? { parameters[name] }

    /// `;`-separated, ignoring `;` inside quotes.
    static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty || pieces.first == $0 }
    }

    /// `utf-8'en'Na%C3%AFve.pdf` → `Naïve.pdf`.
    static func decode2231(_ raw: String, first: Bool) -> String {
        var charset = "utf-8"
        var text = Substring(raw)
        if first {
            let parts = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3 {
                charset = parts[0].isEmpty ? "utf-8" : String(parts[0])
                text = parts[2]
            }
        }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "%", let end = text.index(index, offsetBy: 3, limitedBy: text.endIndex),
                let byte = UInt8(text[text.index(after: index)..<end], radix: 16)
            {
                bytes.append(byte)
                index = end
            } else {
                bytes += Array(String(text[index]).utf8)
                index = text.index(after: index)
            }
        }
        return Charsets.decode(bytes[...], charset: charset)
    }
}

/// base64 and quoted-printable bodies; anything else passes through.
enum TransferEncoding {
    static func decode(_ body: ArraySlice<UInt8>, _ encoding: String) -> [UInt8] {
        switch encoding.trimmingCharacters(in: .whitespaces) {
        case "base64": base64(body)
        case "quoted-printable": quotedPrintable(body)
        default: Array(body)
        }
    }

    /// Ignores line breaks and anything outside the alphabet, as real decoders do.
    static func base64(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var clean = body.filter { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2F }
        while clean.count % 4 != 0 { clean.append(0x3D) }
        if let data = Data(base64Encoded: Data(clean)) { return Array(data) }
        // A truncated last group: decode what is whole.
        let whole = clean.count - 4
        return whole > 0 ? Array(Data(base64Encoded: Data(clean.prefix(whole))) ?? Data()) : []
    }

    static func quotedPrintable(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        while index < body.endIndex {
            let byte = body[index]
            if byte == 0x3D {
                let next = body.index(after: index)
                if next < body.endIndex, body[next] == 0x0A {
                    index = body.index(after: next)
                    continue
                }
                if next < body.endIndex, body[next] == 0x0D {
                    let after = body.index(after: next)
                    index = after < body.endIndex && body[after] == 0x0A ? body.index(after: after) : after
                    continue
                }
                if next + 1 < body.endIndex, let high = hex(body[next]), let low = hex(body[next + 1]) {
                    out.append(high << 4 | low)
                    index = next + 2
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }
}
