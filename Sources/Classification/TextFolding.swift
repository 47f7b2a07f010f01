import Foundation

/// Lower-casing and accent folding into a buffer of scalar values, with one 0 between words.
///
/// Customers write "não", "nao" and "NÃO" for the same word, so letters lose case and diacritics
/// before hashing. Latin letters fold through a table built once; other letters and digits
/// (Cyrillic, Arabic, CJK, …) are kept as they are; everything else separates words.
enum TextFolding {
    /// Folded value of each scalar below `tableLimit`: a lower-case base letter, a digit, or 0 for
    /// a separator.
    private static let tableLimit: UInt32 = 0x250
    private static let table: [UInt32] = (0..<tableLimit).map(foldSlowly)

    private static func foldSlowly(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        let properties = scalar.properties
        guard properties.isAlphabetic || properties.numericType != nil else { return 0 }
        let folded = String(scalar).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let scalars = folded.unicodeScalars
        // A letter that folds to several ("ß" to "ss") is represented by the first of them.
        guard let first = scalars.first, first.properties.isAlphabetic || first.properties.numericType != nil else {
            return value
        }
        return first.value
    }

    /// Appends the folded form of `text` to `buffer`, starting at `count`, reading at most until
    /// the buffer holds `limit` values. Consecutive separators collapse into one 0.
    @inline(__always)
    static func fold(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt32>, count: inout Int, limit: Int) {
        var written = count
        var lastWasSeparator = written == 0 || buffer[written - 1] == 0
        let table = Self.table
        for scalar in text.unicodeScalars {
            if written >= limit { break }
            let value = scalar.value
            let folded: UInt32
            if value < tableLimit {
                folded = table[Int(value)]
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                folded = value
            } else {
                folded = 0
            }
            if folded == 0 {
                if !lastWasSeparator {
                    buffer[written] = 0
                    written += 1
                    lastWasSeparator = true
                }
            } else {
                buffer[written] = folded
                written += 1
                lastWasSeparator = false
            }
        }
        count = written
    }
}
