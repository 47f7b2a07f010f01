import SupportBus
import SupportDomain

/// Where the rules (``SLAService/apply(_:to:from:)``) read a ticket's clocks and keep or take
/// the updates that came before its classification: a batch transaction's store, or, for a
/// batch prepared ahead of it, ``ClockPipeline``'s view of what is committed and what the
/// batches before will commit.
struct ClockSource {
    /// The ticket's clocks, nil if it has none.
    var clocks: (String) throws -> TicketClocks?
    /// The updates held for a ticket whose clocks start now, oldest first, taken out of the store.
    var takeEarly: (String) throws -> [Envelope]
    /// Keeps an update that came before its ticket's classification.
    var holdEarly: (Envelope, String) throws -> Void
}
