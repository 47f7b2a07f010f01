import Crypto
import Foundation
import SupportDomain

/// Checks a platform's `sha256=<hex HMAC-SHA256(secret, raw body)>` signature header (Meta's
/// `X-Hub-Signature-256` format). swift-crypto compares the codes in constant time.
struct WebhookVerifier: Sendable {
    let secret: [UInt8]

    func verify(body: [UInt8], header: String?) -> Bool {
        guard let header, header.hasPrefix("sha256="), let code = Hex.bytes(header.dropFirst(7)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: SymmetricKey(data: secret))
    }
}
