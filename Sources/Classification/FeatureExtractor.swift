import Foundation

/// Turns subject and description into hashed features without building strings: the text is
/// folded into a stack buffer of scalar values, and every word, word pair and character n-gram is
/// hashed on the fly with FNV-1a over those values.
struct FeatureExtractor: Sendable {
    /// The kind of a feature; each kind hashes from its own seed so that the word `erro` and the
    /// character trigram `err` land in unrelated buckets.
    enum Kind: Int {
        case word = 0
        case wordPair = 1
        case characterGram = 2
    }

    private let mask: UInt32
    private let bits: UInt32
    private let minimumGram: Int
    private let maximumGram: Int
    private let maximumGramWord: Int
    private let maximumScalars: Int

    private static let fnvOffset: UInt32 = 2_166_136_261
    private static let fnvPrime: UInt32 = 16_777_619
    private static let wordSeed: UInt32 = fnvOffset
    private static let pairSeed: UInt32 = fnvOffset ^ 0x5bd1_e995
    private static let gramSeed: UInt32 = fnvOffset ^ 0x9e37_79b9
    /// The mark put before and after each word for character n-grams; the folded text never
    /// contains a space, so it cannot be confused with a letter.
    private static let boundary: UInt32 = 0x20

    init(configuration: ClassifierFeatureConfiguration) {
        bits = UInt32(configuration.bucketBits)
        mask = (1 << UInt32(configuration.bucketBits)) - 1
        minimumGram = configuration.minimumCharacterGram
        maximumGram = configuration.maximumCharacterGram
        maximumGramWord = configuration.maximumCharacterGramWordLength
        maximumScalars = configuration.maximumScalars
    }

    /// Calls `body` once per feature occurrence with its bucket and kind.
    @inline(__always)
    func forEachFeature(subject: String, description: String, _ body: (Int, Kind) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: maximumScalars + 1) { buffer in
            var count = 0
            TextFolding.fold(subject, into: buffer, count: &count, limit: maximumScalars)
            if count > 0, count < maximumScalars, buffer[count - 1] != 0 {
                buffer[count] = 0
                count += 1
            }
            TextFolding.fold(description, into: buffer, count: &count, limit: maximumScalars)
            emitFeatures(UnsafeBufferPointer(rebasing: buffer[0..<count]), body)
        }
    }

    @inline(__always)
    private func bucket(_ hash: UInt32) -> Int {
        // XOR-folding keeps the well-mixed high bits of FNV-1a in the bucket index.
        Int(((hash >> bits) ^ hash) & mask)
    }

    @inline(__always)
    private func emitFeatures(_ text: UnsafeBufferPointer<UInt32>, _ body: (Int, Kind) -> Void) {
        let count = text.count
        var index = 0
        var previousWord: UInt32 = 0
        var hasPrevious = false
        while index < count {
            while index < count, text[index] == 0 { index += 1 }
            let start = index
            while index < count, text[index] != 0 { index += 1 }
            guard index > start else { break }

            var wordHash = Self.wordSeed
            for position in start..<index {
                wordHash = (wordHash ^ text[position]) &* Self.fnvPrime
            }
            body(bucket(wordHash), .word)
            if hasPrevious {
                var pairHash = Self.pairSeed
                pairHash = (pairHash ^ previousWord) &* Self.fnvPrime
                pairHash = (pairHash ^ (previousWord >> 16)) &* Self.fnvPrime
                pairHash = (pairHash ^ wordHash) &* Self.fnvPrime
                pairHash = (pairHash ^ (wordHash >> 16)) &* Self.fnvPrime
                body(bucket(pairHash), .wordPair)
            }
            previousWord = wordHash
            hasPrevious = true

            let length = index - start
            guard length <= maximumGramWord else { continue }
            // Character n-grams over "␣word␣": position 0 and length + 1 are the boundary mark.
            let padded = length + 2
            for gramStart in 0..<padded {
                var gramHash = Self.gramSeed
                var size = 0
                var position = gramStart
                while size < maximumGram, position < padded {
                    let scalar = (position == 0 || position == padded - 1) ? Self.boundary : text[start + position - 1]
                    gramHash = (gramHash ^ scalar) &* Self.fnvPrime
                    size += 1
                    position += 1
                    if size >= minimumGram {
                        body(bucket(gramHash), .characterGram)
                    }
                }
            }
        }
    }
}
