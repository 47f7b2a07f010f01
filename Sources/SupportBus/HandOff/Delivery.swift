public import SupportDomain

/// One hand-off delivered to this instance: process it, commit, then acknowledge it.
public struct Delivery: Sendable {
    /// The routing id of the producer, echoed in the ACK so the broker can tell it.
    public let producer: [UInt8]
    public let role: ServiceRole
    public let eventID: String
    public let bytes: [UInt8]
}
