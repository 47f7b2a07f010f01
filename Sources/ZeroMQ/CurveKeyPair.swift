import CZeroMQ

/// A CURVE key pair in Z85 text (40 characters each), the form libzmq, CZMQ's `zcert` and
/// every ZeroMQ binding exchange keys in.
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    /// Makes a new random key pair (libsodium, through `zmq_curve_keypair`).
    public static func generate() throws -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try zmqCheck("zmq_curve_keypair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return CurveKeyPair(
            publicKey: String(decoding: publicKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self),
            secretKey: String(decoding: secretKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The pair whose secret key is `secretKey`; the public half is derived, so a key file only
    /// needs the secret. Nil when the text is not a 40-character Z85 key.
    public init?(secretKey: String) {
        guard Self.isKey(secretKey) else { return nil }
        var derived = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&derived, secretKey) == 0 else { return nil }
        self.secretKey = secretKey
        self.publicKey = String(decoding: derived.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Whether `text` looks like a Z85-encoded 32-byte key.
    public static func isKey(_ text: String) -> Bool {
        let alphabet = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")
        return text.count == 40 && text.allSatisfy { alphabet.contains($0) }
    }

    /// The Z85 text of a 32-byte binary key (as a ZAP request carries it); nil for other sizes.
    public static func z85(_ key: [UInt8]) -> String? {
        guard key.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, key, 32) != nil else { return nil }
        return String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether this libzmq was built with CURVE (Debian's is, with libsodium).
    public static var isAvailable: Bool { zmq_has("curve") != 0 }
}

extension CurveKeyPair: CustomStringConvertible {
    /// Shows the public key only, so a key pair in a log line or error never leaks its secret.
    public var description: String { "CurveKeyPair(public: \(publicKey))" }
}
