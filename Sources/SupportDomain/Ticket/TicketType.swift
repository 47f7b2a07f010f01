/// The three ticket types of the SPEC.
///
/// - doubt: a question, guidance, or "not working" because of the customer's own settings.
/// - task: a request only the vendor can perform (logs, report data, deletion, WABA info) that
///   causes no unavailability.
/// - incident: an unexpected interruption or degradation originating inside the platform.
public enum TicketType: String, Codable, Sendable, CaseIterable {
    case doubt, task, incident

    /// How much faster this type must be served; the SLA takes the more urgent of the
    /// customer's choice and the classifier's.
    public var urgencyRank: Int {
        switch self {
        case .doubt: 0
        case .task: 1
        case .incident: 2
        }
    }
}
