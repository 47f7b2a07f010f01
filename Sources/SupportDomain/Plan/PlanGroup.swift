/// The two SLA groups of the SPEC: standard (startup, lite, plus) and premium (super, enterprise).
public enum PlanGroup: String, Codable, Sendable, CaseIterable {
    case standard, premium
}
