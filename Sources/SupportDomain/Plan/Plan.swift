/// A customer's commercial plan, which decides the channels and SLA they get.
public enum Plan: String, Codable, Sendable, CaseIterable {
    case trial, startup, lite, plus, `super`, enterprise

    /// The SLA group of a paying plan; `nil` for `trial`, which is self-service only.
    public var group: PlanGroup? {
        switch self {
        case .trial: nil
        case .startup, .lite, .plus: .standard
        case .super, .enterprise: .premium
        }
    }

    /// Whether the plan includes a paying support contract (SPEC rule 1).
    public var isPaying: Bool { group != nil }
}
