import Foundation
import SupportDomain

/// The one way envelopes become bytes and back: JSON with ISO 8601 UTC times to the
/// millisecond, so operators can read it and any language can subscribe.
public enum EnvelopeCodec {
    /// Envelopes are written by ``EnvelopeWriter`` and read by ``EnvelopeReader``, member by
    /// member over the bytes: no intermediate tree (Foundation's coders on Linux build one) and
    /// no `Codable` containers (``StreamingJSONEncoder`` and ``JSONByteDecoder`` go through
    /// them, for every other type); each step was several times cheaper (BENCHMARKS.md).
    public static func encode(_ envelope: Envelope) throws -> [UInt8] {
        try EnvelopeWriter.bytes(envelope)
    }

    /// Decodes an envelope; throws `BusError.malformed`, naming the member, for anything that
    /// is not one.
    public static func decode(_ bytes: [UInt8]) throws -> Envelope {
        do {
            return try EnvelopeReader.envelope(bytes)
        } catch {
            throw BusError.malformed("not an event envelope: \(error)")
        }
    }

    /// An encoder with the project's JSON conventions, also used for API bodies and tail output.
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Foundation's decoder with the bus's time format: the reference `JSONByteDecoder` (and so
    /// `EnvelopeReader`) is tested against (JSONByteDecoderTests) and measured against (`supportctl load codec`).
    public static func makeFoundationDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        return decoder
    }
}

extension EnvelopeCodec {
    /// Encodes a batch on every core (`parallelMap`): what a service does with the events one
    /// transaction produced.
    public static func encode(_ envelopes: [Envelope]) throws -> [[UInt8]] {
        try envelopes.parallelMap(throwing: encode)
    }

    /// Decodes a batch of deliveries on every core; each result stands alone, so one malformed
    /// delivery costs only itself.
    public static func decode(_ batch: [[UInt8]]) -> [Result<Envelope, any Error>] {
        batch.parallelMap { bytes in Result { try decode(bytes) } }
    }
}
