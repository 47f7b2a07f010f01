import Foundation

/// The JSON header of a model file: everything but the tables, readable with `head -c`.
struct ClassifierModelHeader: Codable {
    var version: String
    var features: ClassifierFeatureConfiguration
    var fields: [ClassifierFieldParameters]

    /// The header without its version, with sorted keys: the settings part of the content hash.
    static func canonicalSettings(features: ClassifierFeatureConfiguration, fields: [ClassifierFieldParameters]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain Codable values of numbers, strings and arrays cannot fail.
        return (try? encoder.encode(ClassifierModelHeader(version: "", features: features, fields: fields))) ?? Data()
    }
}
