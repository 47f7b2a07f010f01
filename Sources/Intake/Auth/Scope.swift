/// What a token may do. `admin` implies every other scope.
public enum Scope: String, Codable, Sendable, CaseIterable {
    /// Open tickets for requesters (a portal or integration); an account-bound token only for
    /// its account's users. Also customer replies on that account's tickets.
    case ticketsCreate = "tickets:create"
    /// Read tickets and their SLA view (an account-bound token: only its account's).
    case ticketsRead = "tickets:read"
    /// Agents: replies, status, corrections, assignment, the queue.
    case agent
    /// Every scope; for operators (tokens themselves are managed with `supportctl token`).
    case admin
}
