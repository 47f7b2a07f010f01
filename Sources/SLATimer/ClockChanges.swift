import SupportBus
import SupportDomain

/// What one sla transaction changes: each touched ticket's clocks and the events they cause,
/// written together when the transaction's work is done (``ClockStore/write(_:policy:in:)``).
///
/// Why gather them instead of writing as each event is applied: a batch with several updates of
/// one ticket writes its row once, and the rows and envelopes are encoded together, on every
/// core, while the writer would otherwise encode them one by one (BENCHMARKS.md).
struct ClockChanges {
    /// The latest clocks of each touched ticket.
    private(set) var clocks: [String: TicketClocks] = [:]
    /// Touched tickets in first-touch order, so rows are written in a stable order.
    private(set) var tickets: [String] = []
    /// Events to record, in the order they happened.
    var events: [Envelope] = []

    subscript(ticketID: String) -> TicketClocks? { clocks[ticketID] }

    mutating func set(_ ticketClocks: TicketClocks) {
        if clocks.updateValue(ticketClocks, forKey: ticketClocks.ticket.id) == nil { tickets.append(ticketClocks.ticket.id) }
    }

    /// The touched tickets' clocks, in first-touch order.
    var changed: [TicketClocks] { tickets.map { clocks[$0]! } }
}
