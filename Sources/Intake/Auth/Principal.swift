/// Who is calling: the token's identity, scopes and (optionally) the one account it acts for.
public struct Principal: Sendable, Hashable {
    public var tokenID: String
    public var name: String
    public var scopes: Set<Scope>
    /// When set, the token acts only for this account's tickets and users.
    public var account: String?

    /// Whether the token holds `scope` (admin holds all).
    public func has(_ scope: Scope) -> Bool { scopes.contains(.admin) || scopes.contains(scope) }

    /// Whether the token may act on `account`'s tickets.
    public func covers(account other: String) -> Bool { account == nil || account == other }
}
