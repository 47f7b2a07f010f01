import Foundation

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
        var data = Data(capacity: 24 + header.count + buckets.count * 4 + weights.count * 4)
        data.append(contentsOf: Self.magic)
        Self.append(Self.fileFormatVersion, to: &data)
        Self.append(UInt32(header.count), to: &data)
        data.append(header)
        Self.append(UInt32(buckets.count), to: &data)
        Self.append(UInt32(classCount), to: &data)
        buckets.withUnsafeBufferPointer { pointer in
            for bucket in pointer { Self.append(bucket, to: &data) }
        }
        weights.withUnsafeBufferPointer { pointer in
            for weight in pointer { Self.append(weight.bitPattern, to: &data) }
        }
        return data
    }

    /// Parses a model from file bytes.
    ///
    /// - Throws: `ClassifierModelError` as `load(from:)` does.
    public static func decode(_ data: Data) throws -> ClassifierModel {
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

    private static func append(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// A bounds-checked cursor over file bytes; every read past the end is `truncated`.
private struct ByteReader {
    let storage: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) { storage = bytes }

    var isAtEnd: Bool { offset == storage.count }

    mutating func bytes(_ count: Int) throws(ClassifierModelError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= storage.count - offset else { throw .truncated }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: storage[offset..<(offset + count)])
    }

    mutating func uint32() throws(ClassifierModelError) -> UInt32 {
        UInt32(littleEndian: try bytes(4).loadUnaligned(as: UInt32.self))
    }
}
