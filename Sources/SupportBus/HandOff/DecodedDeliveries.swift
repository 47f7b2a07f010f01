import Synchronization

/// Deliveries decoded ahead of the batch being applied, in arrival order: what
/// ``DeliveryProcessor`` hands from its decoding task to its applying loop.
///
/// Why a queue of its own rather than an `AsyncStream` of batches: the applying loop takes
/// everything decoded so far (up to a batch's maximum) in one transaction, so a stream of small
/// decoded batches becomes one large commit, and it needs that "take what is there" that a
/// stream's iterator does not offer. Unbounded, but never larger than the bus credit: a
/// delivery is in flight until it is acknowledged.
final class DecodedDeliveries: Sendable {
    typealias Item = (delivery: Delivery, result: Result<Envelope, any Error>)

    private struct State {
        var items: [Item] = []
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func append(_ items: some Sequence<Item>) {
        let waiter = state.withLock { state in
            state.items.append(contentsOf: items)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// No more will come: `next` returns nil once the queue is empty.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Everything decoded so far, at most `maximum`, oldest first; waits while there is nothing.
    /// One consumer.
    func next(maximum: Int) async -> [Item]? {
        while true {
            enum Look { case items([Item]), finished, empty }
            let look = state.withLock { state -> Look in
                if !state.items.isEmpty {
                    let taken = Array(state.items.prefix(maximum))
                    state.items.removeFirst(taken.count)
                    return .items(taken)
                }
                return state.finished ? .finished : .empty
            }
            switch look {
            case .items(let items): return items
            case .finished: return nil
            case .empty:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    // Looked again under the lock: an append between the look and here resumes at once.
                    let ready = state.withLock { state in
                        guard state.items.isEmpty && !state.finished else { return true }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            }
        }
    }
}
