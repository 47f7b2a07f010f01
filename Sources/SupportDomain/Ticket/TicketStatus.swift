/// The ticket life cycle: `new` → `open` (classified, clocks running) → `pending` (waiting on
/// the customer) ↔ `open` → `resolved` → `closed`; `resolved` → `open` on a customer reply.
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    case new, open, pending, resolved, closed
}
