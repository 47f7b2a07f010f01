public import SupportDomain

/// Who holds a bus key: one of the four services, or the operator (`supportctl tail`,
/// `deadletters replay`). The broker's ZAP handler names each connection with one of these,
/// and the names decide what the connection may send.
public enum BusIdentity: String, Sendable, CaseIterable, Codable {
    case intake, classification, sla, notification, `operator`

    /// The service role behind this identity; nil for the operator.
    public var serviceRole: ServiceRole? { ServiceRole(rawValue: rawValue) }

    /// Whether this identity may publish `topic` on the event stream: only the topic's producer.
    public func mayPublish(_ topic: Topic) -> Bool { topic.producer == serviceRole }

    /// Whether this identity may hand an event to `role`: a service only along an edge of the
    /// topology (it produces a topic `role` consumes); the operator to any role (replaying
    /// dead letters is its job).
    public func mayHandOff(to role: ServiceRole) -> Bool {
        guard let own = serviceRole else { return true }
        return Topic.allCases.contains { $0.producer == own && $0.consumers.contains(role) }
    }

    /// Whether this identity may take deliveries for `role`: only its own.
    public func mayConsume(_ role: ServiceRole) -> Bool { serviceRole == role }
}
