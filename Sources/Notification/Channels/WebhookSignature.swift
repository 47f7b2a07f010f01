public import Crypto
import Foundation
import SupportDomain

/// How SupportDesk signs webhook requests, and how a receiver checks them.
///
/// Headers: `X-SupportDesk-Timestamp` (Unix seconds) and `X-SupportDesk-Signature`
/// (`v1=` + lowercase hex HMAC-SHA256 over `"<timestamp>.<raw body>"` with the shared secret).
/// Signing the timestamp with the body lets a receiver refuse replays older than a few minutes.
/// The same scheme as Stripe's and Slack's, so receivers have code for it already.
public enum WebhookSignature {
    public static let timestampHeader = "X-SupportDesk-Timestamp"
    public static let signatureHeader = "X-SupportDesk-Signature"

    public static func sign(body: [UInt8], timestamp: Int, secret: [UInt8]) -> String {
        sign(body: body, timestamp: timestamp, keyed: keyed(secret))
    }

    /// HMAC's state after the key, for ``sign(body:timestamp:keyed:)``: a sender that signs
    /// many requests with one secret keys it once (keying hashes two blocks per request,
    /// which showed in `perf` of a webhook load run).
    public static func keyed(_ secret: [UInt8]) -> HMAC<SHA256> { HMAC(key: SymmetricKey(data: secret)) }

    public static func sign(body: [UInt8], timestamp: Int, keyed: HMAC<SHA256>) -> String {
        "v1=" + Hex.string(code(body: body, timestamp: timestamp, keyed: keyed))
    }

    /// The code over `"<timestamp>.<raw body>"`: the signed message is spelled here only, for
    /// signing and checking alike.
    static func code(body: [UInt8], timestamp: Int, keyed: HMAC<SHA256>) -> HMAC<SHA256>.MAC {
        var mac = keyed
        mac.update(data: Array("\(timestamp).".utf8))
        mac.update(data: body)
        return mac.finalize()
    }

    /// Checks a signature (swift-crypto compares the codes in constant time) and the timestamp
    /// against `tolerance` seconds.
    public static func verify(
        body: [UInt8], timestamp: Int, signature: String, secret: [UInt8], now: Date = Date(), tolerance: TimeInterval = 300
    ) -> Bool {
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance, signature.hasPrefix("v1="),
            let code = Hex.bytes(signature.dropFirst(3))
        else { return false }
        // swift-crypto's `==` between a code and bytes is its constant-time comparison.
        return Self.code(body: body, timestamp: timestamp, keyed: keyed(secret)) == code
    }
}
