/// Who may come in, and how often: the bearer token checked, then the token's and its
/// account's rate budgets. The one gate for every transport (HTTP middleware, ZeroMQ endpoint),
/// so a client cannot escape its limits by switching transport.
struct RequestGate: Sendable {
    let verifier: TokenVerifier
    let perToken: RateLimiter
    let perAccount: RateLimiter

    /// An admitted caller and the budget that binds it most (for `RateLimit` headers).
    struct Admission: Sendable {
        var principal: Principal
        var policy: String
        var state: String
    }

    /// Throws `unauthenticated` (401) or `rateLimited` (429).
    func admit(authorization: String?) async throws -> Admission {
        guard let principal = await verifier.principal(authorization: authorization) else {
            throw IntakeError.unauthenticated(invalid: authorization != nil)
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
        return Admission(
            principal: principal, policy: "\(limiting.1.limit);w=\(Int(limiting.1.window))",
            state: "limit=\(limiting.1.limit), remaining=\(limiting.0.remaining), reset=\(limiting.0.reset)")
    }
}
