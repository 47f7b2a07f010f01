/// One event in a PUT or DELIVER: its id (what the consumer deduplicates and acknowledges by)
/// and the encoded envelope.
public struct HandOffItem: Sendable, Equatable {
    public var eventID: String
    public var envelope: [UInt8]

    public init(eventID: String, envelope: [UInt8]) {
        self.eventID = eventID
        self.envelope = envelope
    }
}
