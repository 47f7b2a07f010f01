/// Ticket priority: incidents by impact; doubts and tasks `normal` unless stated.
public enum Priority: String, Codable, Sendable, CaseIterable {
    case urgent, high, normal, low

    /// Higher is more urgent.
    public var urgencyRank: Int {
        switch self {
        case .urgent: 3
        case .high: 2
        case .normal: 1
        case .low: 0
        }
    }
}
