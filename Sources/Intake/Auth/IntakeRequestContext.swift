import Hummingbird
import NIOCore

/// The request context of the intake API: Hummingbird's core context plus the caller, set by
/// ``AuthMiddleware`` before any route runs.
public struct IntakeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The caller; routes behind ``AuthMiddleware`` always have one.
    func caller() throws -> Principal {
        guard let principal else { throw IntakeError.unauthenticated(invalid: false) }
        return principal
    }

    /// Throws 403 unless the caller holds one of `scopes`.
    func require(_ scopes: Scope...) throws -> Principal {
        let principal = try caller()
        guard scopes.contains(where: principal.has) else {
            throw IntakeError(
                .forbidden, code: "insufficient_scope",
                message: "This token needs the scope \(scopes.map(\.rawValue).joined(separator: " or ")).")
        }
        return principal
    }
}
