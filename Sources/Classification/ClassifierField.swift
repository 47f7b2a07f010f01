import Foundation

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// The three ticket fields the classifier predicts, each independently of the others.
public enum ClassifierField: String, Sendable, Codable, CaseIterable {
    /// Doubt, task or incident (`TicketType`).
    case type
    /// Urgent, high, normal or low (`Priority`).
    case priority
    /// pt-BR, en or es (`Language`).
    case language

    /// The class labels of the field, in the order the model stores their columns.
    public var labels: [String] {
        switch self {
        case .type: TicketType.allCases.map(\.rawValue)
        case .priority: Priority.allCases.map(\.rawValue)
        case .language: Language.allCases.map(\.rawValue)
        }
    }
}
