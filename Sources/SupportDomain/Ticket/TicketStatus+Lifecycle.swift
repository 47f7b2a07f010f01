import Foundation

extension TicketStatus {
    /// Whether an agent may move a ticket from this status to `next` (SPEC "Ticket life cycle"):
    /// `open` ↔ `pending`, `open`/`pending` → `resolved`, `resolved` → `open` (reopen) or
    /// `closed`. A `new` ticket (not yet classified) counts as open.
    public func allowsChange(to next: TicketStatus) -> Bool {
        switch (self == .new ? .open : self, next) {
        case (.open, .pending), (.pending, .open), (.open, .resolved), (.pending, .resolved),
            (.resolved, .open), (.resolved, .closed):
            true
        default:
            false
        }
    }

    /// The status after a customer's reply, or nil when the ticket no longer takes replies.
    ///
    /// Answering a `pending` ticket hands it back to the agents (`open`, which resumes the
    /// resolution clock); replying to a `resolved` one within `reopenWindow` reopens it.
    public func afterCustomerReply(resolvedAt: Date?, now: Date, reopenWindow: TimeInterval) -> TicketStatus? {
        switch self {
        case .new, .open: self
        case .pending: .open
        case .resolved:
            if let resolvedAt, now.timeIntervalSince(resolvedAt) > reopenWindow { nil } else { .open }
        case .closed: nil
        }
    }
}
