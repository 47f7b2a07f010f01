import Foundation
import SupportDomain

/// The clock rules alone, in memory: the baseline `supportctl load sla` reports beside the
/// service's durable path, so the cost of the store and the event encoding is visible.
public enum SLAEngineBenchmark {
    /// Opens `tickets` tickets' clocks and applies `updates` alternating pending/open changes;
    /// returns the updates applied per second.
    public static func updatesPerSecond(tickets: Int, updates: Int, summary: (Int) -> TicketSummary) -> Double {
        let policy = SLAPolicy.default
        let start = Date()
        var books = (0..<tickets).map { index in
            let s = summary(index)
            return TicketClocks(
                classified: TicketClassified(
                    ticket: s, requestedType: s.type,
                    classification: TicketClassification(
                        type: s.type ?? .doubt, typeConfidence: 0.9, priority: .normal, priorityConfidence: 0.9,
                        language: .en, languageConfidence: 0.9), typeMismatch: false, model: "bench"),
                start: start, policy: policy)
        }
        var generator = SystemRandomNumberGenerator()
        var pending = [Bool](repeating: false, count: tickets)
        let clock = ContinuousClock()
        let began = clock.now
        var emitted = 0
        for i in 0..<updates {
            let index = Int.random(in: 0..<tickets, using: &generator)
            let was = pending[index]
            pending[index].toggle()
            let update = TicketUpdated(
                ticket: books[index].ticket, change: .status, status: was ? .open : .pending,
                previousStatus: was ? .pending : .open, author: .agent, isPublic: true, body: nil,
                at: start.addingTimeInterval(Double(i) / 1000))
            emitted += books[index].apply(update, policy: policy).count
        }
        let elapsed = clock.now - began
        precondition(emitted == updates, "every pause or resume emits one event")
        return Double(updates) / elapsed.seconds
    }
}
