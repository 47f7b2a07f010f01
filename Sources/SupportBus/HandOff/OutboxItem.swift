public import SupportDomain

/// One event owed to one consumer role: a row of a producer's outbox.
public struct OutboxItem: Sendable, Hashable {
    public var eventID: String
    public var role: ServiceRole
    public var bytes: [UInt8]

    public init(eventID: String, role: ServiceRole, bytes: [UInt8]) {
        self.eventID = eventID
        self.role = role
        self.bytes = bytes
    }

    /// Identifies the item for acknowledgement.
    public var key: OutboxKey { OutboxKey(eventID: eventID, role: role) }
}

/// The identity of an outbox item: one event, one consumer role.
public struct OutboxKey: Sendable, Hashable {
    public var eventID: String
    public var role: ServiceRole
    public init(eventID: String, role: ServiceRole) {
        self.eventID = eventID
        self.role = role
    }
}
