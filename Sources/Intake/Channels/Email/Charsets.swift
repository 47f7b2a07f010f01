import Foundation

/// Bytes in a named charset to a String. Unknown or lying charsets fall back to UTF-8 when the
/// bytes are valid UTF-8, else to Windows-1252 (what mislabelled Western mail almost always is),
/// so a body is never lost to a bad label.
enum Charsets {
    static func decode(_ bytes: ArraySlice<UInt8>, charset: String) -> String {
        let name = charset.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
        if name == "utf-7" || name == "unicode-1-1-utf-7" { return utf7(bytes) }
        if let encoding = encoding(name), let text = String(data: Data(bytes), encoding: encoding) { return text }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }

    static func encoding(_ name: String) -> String.Encoding? {
        switch name {
        case "utf-8", "utf8", "": .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968": .utf8  // ASCII is UTF-8; 8-bit in "ASCII" is usually UTF-8
        case "iso-8859-1", "latin1", "iso8859-1", "iso_8859-1": .windowsCP1252  // a superset used in practice
        case "windows-1252", "cp1252": .windowsCP1252
        case "iso-8859-15", "iso8859-15": .windowsCP1252
        case "windows-1250", "cp1250": .windowsCP1250
        case "windows-1251", "cp1251": .windowsCP1251
        case "windows-1253", "cp1253": .windowsCP1253
        case "windows-1254", "cp1254": .windowsCP1254
        case "iso-8859-2", "latin2": .isoLatin2
        case "iso-2022-jp": .iso2022JP
        case "shift_jis", "shift-jis", "sjis", "cp932": .shiftJIS
        case "euc-jp": .japaneseEUC
        case "utf-16", "utf16": .utf16
        case "utf-16be": .utf16BigEndian
        case "utf-16le": .utf16LittleEndian
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn":
            cf(0x0632)  // kCFStringEncodingGB_18030_2000, a superset of GB2312 and GBK
        case "big5": cf(0x0A03)
        case "euc-kr", "ks_c_5601-1987": cf(0x0940)
        case "koi8-r": cf(0x0A02)
        case "windows-1258", "cp1258": cf(0x0508)
        default: nil
        }
    }

    /// A CoreFoundation encoding as Foundation names it (`CFStringConvertEncodingToNSStringEncoding`).
    private static func cf(_ value: UInt) -> String.Encoding { String.Encoding(rawValue: 0x8000_0000 | value) }

    /// RFC 2152: `+` starts modified base64 of UTF-16BE, `-` ends it, `+-` is a plus sign.
    static func utf7(_ bytes: ArraySlice<UInt8>) -> String {
        var out = ""
        var index = bytes.startIndex
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == 0x2B else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            index += 1
            if index < bytes.endIndex, bytes[index] == 0x2D {
                out.append("+")
                index += 1
                continue
            }
            var bits = 0
            var buffer = 0
            var units: [UInt16] = []
            while index < bytes.endIndex, let value = alphabet.firstIndex(of: bytes[index]) {
                buffer = (buffer << 6) | value
                bits += 6
                if bits >= 16 {
                    bits -= 16
                    units.append(UInt16((buffer >> bits) & 0xFFFF))
                }
                index += 1
            }
            if index < bytes.endIndex, bytes[index] == 0x2D { index += 1 }
            out += String(decoding: units, as: UTF16.self)
        }
        return out
    }
}
