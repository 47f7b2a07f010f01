import Foundation
import SupportDomain

/// The one way envelopes become bytes and back: JSON with ISO 8601 UTC times to the
/// millisecond, so operators can read it and any language can subscribe.
public enum EnvelopeCodec {
    /// Envelopes are written by the streaming encoder and read by the byte decoder (no
    /// intermediate tree either way: several times cheaper than Foundation's coders on Linux).
    private static let encoder = StreamingJSONEncoder(dates: .timestamp)
    private static let decoder = JSONByteDecoder(dates: .timestamp)

    public static func encode(_ envelope: Envelope) throws -> [UInt8] {
        try encoder.encode(envelope)
    }

    /// Decodes an envelope; throws `BusError.malformed` for anything that is not one.
    public static func decode(_ bytes: [UInt8]) throws -> Envelope {
        do {
            return try decoder.decode(Envelope.self, from: bytes)
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

    /// Foundation's decoder with the bus's time format: the reference `JSONByteDecoder` is
    /// tested against (JSONByteDecoderTests) and measured against (`supportctl load codec`).
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
