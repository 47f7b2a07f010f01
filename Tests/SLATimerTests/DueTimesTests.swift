import Testing

@testable import SLATimer

/// The in-memory next fire times against a plain model: a dictionary searched whole.
@Suite struct DueTimesTests {
    @Test("a moved, cleared or repeated time is listed as the ticket's latest, once, earliest first")
    func table() {
        var due = DueTimes(["a": 10, "b": 20])
        due.set("c", 5)
        due.set("a", 30)  // moved later: its entry at 10 is stale
        due.set("b", nil)  // nothing to fire
        due.set("d", 15)
        due.set("d", 25)
        due.set("d", 15)  // back to a time it had: two live-looking entries
        #expect(due.due(now: 12, limit: 10) == ["c"])
        #expect(due.due(now: 29, limit: 10) == ["c", "d"], "listed until moved, and once")
        #expect(due.due(now: 100, limit: 2) == ["c", "d"], "the earliest first, at most the limit")
        #expect(due.due(now: 100, limit: 10) == ["c", "d", "a"])
        #expect(due.count == 3)
    }

    @Test("ten thousand random changes list what the model lists, earliest first")
    func againstModel() {
        var generator = SystemRandomNumberGenerator()
        var due = DueTimes()
        var model: [String: Double] = [:]
        for step in 0..<10_000 {
            let id = "t\(Int.random(in: 0..<500, using: &generator))"
            // Whole seconds in a small range: equal times and returns to an old time happen.
            let time: Double? = Int.random(in: 0..<5, using: &generator) == 0 ? nil : Double(Int.random(in: 0..<1000, using: &generator))
            due.set(id, time)
            model[id] = time
            guard step % 97 == 0 else { continue }
            let now = Double(Int.random(in: 0..<1100, using: &generator))
            let limit = Int.random(in: 1..<300, using: &generator)
            let listed = due.due(now: now, limit: limit)
            let expected = model.filter { $0.value <= now }
            #expect(listed.count == min(limit, expected.count))
            #expect(Set(listed).count == listed.count, "no ticket twice")
            let times = listed.map { model[$0] }
            #expect(times.allSatisfy { $0 != nil && $0! <= now })
            #expect(zip(times, times.dropFirst()).allSatisfy { $0! <= $1! }, "earliest first")
            // Nothing left out was earlier than the last one listed.
            if let last = times.last ?? nil { #expect(expected.allSatisfy { listed.contains($0.key) || $0.value >= last }) }
        }
        #expect(due.count == model.count)
    }
}
