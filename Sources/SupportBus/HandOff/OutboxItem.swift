public import SupportDomain

/// One event owed to one consumer role: a row of a producer's outbox, or part of one
/// (``BatchOutbox``).
public struct OutboxItem: Sendable, Hashable {
    public var eventID: String
    public var role: ServiceRole
    public var bytes: [UInt8]
    /// The ``BatchOutbox`` row that holds it; nil for a row of its own (``OutboxTable``).
    public var batch: Int64?

    public init(eventID: String, role: ServiceRole, bytes: [UInt8], batch: Int64? = nil) {
        self.eventID = eventID
        self.role = role
        self.bytes = bytes
        self.batch = batch
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
