import Foundation
import Synchronization

/// Token buckets per key (a token id, an account): `limit` requests per `window`, refilled
/// continuously. Over the budget a caller learns how long to wait, never a dropped connection.
public final class RateLimiter: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private let buckets = Mutex<[String: (tokens: Double, at: TimeInterval)]>([:])

    public init(limit: Int, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// The outcome of one request.
    public struct Decision: Sendable {
        public var allowed: Bool
        public var remaining: Int
        /// Seconds until one more request is allowed (0 when allowed now).
        public var retryAfter: Int
        /// Seconds until the bucket is full again.
        public var reset: Int
    }

    public func take(_ key: String, now: TimeInterval = Date().timeIntervalSince1970) -> Decision {
        let rate = Double(limit) / window
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? (Double(limit), now)
            bucket.tokens = min(Double(limit), bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.at < window } }
            return Decision(
                allowed: allowed, remaining: Int(bucket.tokens),
                retryAfter: allowed ? 0 : Int(((1 - bucket.tokens) / rate).rounded(.up)),
                reset: Int(((Double(limit) - bucket.tokens) / rate).rounded(.up)))
        }
    }
}
