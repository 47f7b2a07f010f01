import Foundation
import HTTPTypes
import Hummingbird

/// Every route but `/health`, `/openapi.json` and the signed channel webhooks needs a bearer token (401 with `WWW-Authenticate` otherwise), and
/// every token and its account stay within their rate budgets (429 with `Retry-After`,
/// `RateLimit` and `RateLimit-Policy`).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext
    let gate: RequestGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.uri.path == "/health" || request.uri.path == "/openapi.json" { return try await next(request, context) }
        // Channel webhooks are authenticated by their platform's signature, not a bearer token.
        if ChannelWebhooks.paths.contains(request.uri.path) { return try await next(request, context) }
        let admission = try await gate.admit(authorization: request.headers[.authorization])
        var context = context
        context.principal = admission.principal
        do {
            var response = try await next(request, context)
            response.headers[.rateLimitPolicy] = admission.policy
            response.headers[.rateLimit] = admission.state
            return response
        } catch {
            var shaped = ErrorShapeMiddleware<Context>.shape(error, logger: context.logger)
            shaped.headers[.rateLimitPolicy] = admission.policy
            shaped.headers[.rateLimit] = admission.state
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
