import Foundation
public import SupportDomain
import Synchronization

/// Stamps events with this process's identity and sequence numbers.
public final class EventFactory: Sendable {
    /// `<service>-<8 random hex>`: new per process start, so sequence numbers restart with it.
    public let producer: String
    private let sequence = Atomic<UInt64>(0)

    public init(service: String) {
        self.producer = "\(service)-\(String(UInt32.random(in: .min ... .max), radix: 16))"
    }

    /// A new envelope for `event`; `id` defaults to a fresh time-ordered id.
    public func envelope(_ event: Event, id: String? = nil, now: Date = Date(), traceParent: String? = nil) -> Envelope {
        let next = sequence.add(1, ordering: .relaxed).newValue
        return Envelope(
            id: id ?? EventID.make(now: now), event: event, producer: producer, sequence: next, occurredAt: now,
            traceParent: traceParent)
    }
}
