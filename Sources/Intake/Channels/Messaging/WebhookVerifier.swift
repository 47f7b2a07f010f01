import Crypto
import Foundation

/// Checks a platform's `sha256=<hex HMAC-SHA256(secret, raw body)>` signature header (Meta's
/// `X-Hub-Signature-256` format) in constant time.
struct WebhookVerifier: Sendable {
    let secret: [UInt8]

    func verify(body: [UInt8], header: String?) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let expected = Array(Self.sign(body: body, secret: secret).utf8)
        let given = Array(header.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }

    static func sign(body: [UInt8], secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
