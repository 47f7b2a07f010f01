import Foundation
import HTTPTypes
import Hummingbird

/// Every route but `/health`, `/openapi.json` and the signed channel webhooks needs a bearer token (401 with `WWW-Authenticate` otherwise), and
/// every token and its account stay within their rate budgets (429 with `Retry-After`,
/// `RateLimit` and `RateLimit-Policy`).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext
    let verifier: TokenVerifier
    let perToken: RateLimiter
    let perAccount: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.uri.path == "/health" || request.uri.path == "/openapi.json" { return try await next(request, context) }
        // Channel webhooks are authenticated by their platform's signature, not a bearer token.
        if ChannelWebhooks.paths.contains(request.uri.path) { return try await next(request, context) }
        let header = request.headers[.authorization]
        guard let principal = await verifier.principal(authorization: header) else {
            throw IntakeError.unauthenticated(invalid: header != nil)
        }
        // The token's own budget first: a request it refuses does not spend the account's.
        let byToken = perToken.take("token:" + principal.tokenID)
        guard byToken.allowed else {
            throw IntakeError.rateLimited(retryAfter: byToken.retryAfter, limiter: perToken, decision: byToken)
        }
        let byAccount = principal.account.map { perAccount.take("account:" + $0) }
        if let byAccount, !byAccount.allowed {
            throw IntakeError.rateLimited(retryAfter: byAccount.retryAfter, limiter: perAccount, decision: byAccount)
        }
        let limiting = [(byToken, perToken), byAccount.map { ($0, perAccount) }].compactMap { $0 }
            .min { $0.0.remaining < $1.0.remaining }!
        var context = context
        context.principal = principal
        let policy = "\(limiting.1.limit);w=\(Int(limiting.1.window))"
        let state = "limit=\(limiting.1.limit), remaining=\(limiting.0.remaining), reset=\(limiting.0.reset)"
        do {
            var response = try await next(request, context)
            response.headers[.rateLimitPolicy] = policy
            response.headers[.rateLimit] = state
            return response
        } catch {
            var shaped = ErrorShapeMiddleware<Context>.shape(error, logger: context.logger)
            shaped.headers[.rateLimitPolicy] = policy
            shaped.headers[.rateLimit] = state
            throw shaped
        }
    }
}

extension HTTPField.Name {
    static let rateLimit = HTTPField.Name("RateLimit")!
    static let rateLimitPolicy = HTTPField.Name("RateLimit-Policy")!
}

extension IntakeError {
    static func unauthenticated(invalid: Bool) -> IntakeError {
        var error = IntakeError(
            .unauthorized, code: invalid ? "invalid_token" : "missing_token",
            message: invalid
                ? "The bearer token is not valid (unknown, revoked or malformed)."
                : "Send a bearer token: Authorization: Bearer sdk_…")
        error.headers[.wwwAuthenticate] =
            invalid ? "Bearer realm=\"supportdesk\", error=\"invalid_token\"" : "Bearer realm=\"supportdesk\""
        return error
    }

    static func rateLimited(retryAfter: Int, limiter: RateLimiter, decision: RateLimiter.Decision) -> IntakeError {
        var error = IntakeError(
            .tooManyRequests, code: "rate_limited",
            message: "Too many requests; retry in \(retryAfter) s (\(limiter.limit) per \(Int(limiter.window)) s).")
        error.headers[.retryAfter] = String(max(1, retryAfter))
        error.headers[.rateLimitPolicy] = "\(limiter.limit);w=\(Int(limiter.window))"
        error.headers[.rateLimit] = "limit=\(limiter.limit), remaining=0, reset=\(decision.reset)"
        return error
    }
}
