/// When the timer loop must look at each ticket next, in memory: what the SQLite store keeps in
/// place of an index on `ticket_clocks.next_fire_at`.
///
/// Why: every clock update moves its ticket's next fire time, and in an index that is a delete
/// and an insert on two random pages, on top of the row's own. With the times here, a fold
/// writes only the rows: with a million open tickets the store alone went 16–27 % faster
/// (BENCHMARKS.md, "Seventeenth session"). It costs a scan of the table when the store opens or
/// another process has written it, and memory: about 150 bytes a ticket with a time.
///
/// A dictionary holds each ticket's time and a binary min-heap orders them. A changed time is
/// pushed again and its old heap entry, no longer what the dictionary says, is dropped when it
/// reaches the top, or when such entries outnumber the live ones.
struct DueTimes {
    private var times: [String: Double] = [:]
    private var heap: [(time: Double, ticketID: String)] = []

    init(_ times: [String: Double] = [:]) {
        self.times = times
        heap = times.map { ($1, $0) }
        heapify()
    }

    var count: Int { times.count }

    /// The ticket's next fire time is now `time` (nil: nothing to fire).
    mutating func set(_ ticketID: String, _ time: Double?) {
        guard let time else {
            times[ticketID] = nil
            return
        }
        guard times.updateValue(time, forKey: ticketID) != time else { return }
        push((time, ticketID))
        if heap.count > 2 * times.count + 1024 { dropStale() }
    }

    /// Tickets due at or before `now`, earliest first, at most `limit`. They stay due until a
    /// `set` moves them: a pass that fails to commit finds them again.
    mutating func due(now: Double, limit: Int) -> [String] {
        var found: [(time: Double, ticketID: String)] = []
        var listed: Set<String> = []
        while found.count < limit, let top = heap.first, top.time <= now {
            pop()
            // Dropped for good: an entry the ticket has moved on from, or a second of the same.
            if times[top.ticketID] == top.time, listed.insert(top.ticketID).inserted { found.append(top) }
        }
        for entry in found { push(entry) }
        return found.map(\.ticketID)
    }

    /// Removes the entries tickets have moved on from, in place: a second array of a million
    /// entries would add its size to the peak memory (BENCHMARKS.md).
    private mutating func dropStale() {
        heap.removeAll { [times] in times[$0.ticketID] != $0.time }
        heapify()
    }

    private mutating func heapify() {
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    private mutating func push(_ entry: (time: Double, ticketID: String)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].time < heap[parent].time else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let child = right < heap.count && heap[right].time < heap[left].time ? right : left
            guard heap[child].time < heap[parent].time else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}
