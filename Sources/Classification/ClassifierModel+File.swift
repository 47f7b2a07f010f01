import Foundation
import SupportDomain

/// The model file: a small binary container, so a model of a few hundred thousand weights loads
/// in milliseconds and stays a few megabytes.
///
/// Layout, all integers little-endian:
/// ```
/// magic "SDCM" | format UInt32 (1) | header length UInt32 | header JSON (version, features, fields)
/// | row count UInt32 | class count UInt32 | buckets: rows × UInt32 | weights: rows × classes × Float32
/// ```
extension ClassifierModel {
    /// The format version this build writes and reads.
    public static let fileFormatVersion: UInt32 = 1
    private static let magic: [UInt8] = Array("SDCM".utf8)

    /// Reads and validates a model file.
    ///
    /// - Throws: `ClassifierModelError` when the file is not a model, is of another format
    ///   version, is truncated, or its content does not match its version hash; any error of
    ///   reading the file itself.
    public static func load(from url: URL) throws -> ClassifierModel {
        try decode(Data(contentsOf: url))
    }

    /// Writes the model atomically, so a reader never sees half a file.
    ///
    /// - Throws: any error of writing the file.
    public func write(to url: URL) throws {
        try encoded().write(to: url, options: .atomic)
    }

    /// The model in file form.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = try encoder.encode(ClassifierModelHeader(version: version, features: features, fields: fields))
        var writer = ByteWriter(capacity: 24 + header.count + buckets.count * 4 + weights.count * 4)
        for byte in Self.magic { writer.byte(byte) }
        writer.uint32(Self.fileFormatVersion)
        writer.uint32(UInt32(header.count))
        for byte in header { writer.byte(byte) }
        writer.uint32(UInt32(buckets.count))
        writer.uint32(UInt32(classCount))
        for bucket in buckets { writer.uint32(bucket) }
        for weight in weights { writer.uint32(weight.bitPattern) }
        return Data(writer.bytes)
    }

    /// Parses a model from file bytes.
    ///
    /// - Throws: `ClassifierModelError` as `load(from:)` does.
    public static func decode(_ data: Data) throws -> ClassifierModel {
        do {
            return try read(data)
        } catch is ByteReader.Failure {
            throw ClassifierModelError.truncated
        }
    }

    private static func read(_ data: Data) throws -> ClassifierModel {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> ClassifierModel in
            var reader = ByteReader(bytes: raw)
            guard try reader.bytes(4).elementsEqual(magic) else { throw ClassifierModelError.notAModel }
            let format = try reader.uint32()
            guard format == fileFormatVersion else { throw ClassifierModelError.unsupportedFormat(format) }
            let headerLength = Int(try reader.uint32())
            let header = try JSONDecoder().decode(ClassifierModelHeader.self, from: Data(try reader.bytes(headerLength)))
            let rows = Int(try reader.uint32())
            let classes = Int(try reader.uint32())
            guard rows <= header.features.bucketCount, classes <= TicketClassifier.maximumClassCount else {
                throw ClassifierModelError.invalidConfiguration("\(rows) rows of \(classes) classes")
            }
            let bucketBytes = try reader.bytes(rows * 4)
            let weightBytes = try reader.bytes(rows * classes * 4)
            guard reader.isAtEnd else { throw ClassifierModelError.invalidConfiguration("trailing bytes") }
            let buckets = [UInt32](unsafeUninitializedCapacity: rows) { buffer, initialized in
                for index in 0..<rows {
                    buffer[index] = UInt32(littleEndian: bucketBytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                }
                initialized = rows
            }
            let weights = [Float](unsafeUninitializedCapacity: rows * classes) { buffer, initialized in
                for index in 0..<(rows * classes) {
                    let bits = UInt32(littleEndian: weightBytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                    buffer[index] = Float(bitPattern: bits)
                }
                initialized = rows * classes
            }
            let model = ClassifierModel(
                version: header.version,
                features: header.features,
                fields: header.fields,
                buckets: buckets,
                weights: weights
            )
            try model.validate()
            return model
        }
    }

    private init(
        version: String,
        features: ClassifierFeatureConfiguration,
        fields: [ClassifierFieldParameters],
        buckets: [UInt32],
        weights: [Float]
    ) {
        self.version = version
        self.features = features
        self.fields = fields
        self.buckets = buckets
        self.weights = weights
    }
}
