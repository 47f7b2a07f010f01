import SupportBus
import Testing
import ZeroMQ

@testable import Broker

@Suite struct HandOffRouterTests {
    func from(_ peer: String, _ message: HandOffMessage) -> Multipart {
        Multipart([Array(peer.utf8)] + message.multipart.frames)
    }

    func parse(_ out: [Multipart]) -> [(String, HandOffMessage)] {
        out.compactMap { m in HandOffMessage(m, offset: 1).map { (String(decoding: m[0], as: UTF8.self), $0) } }
    }

    @Test("work waits for a worker, goes to one per credit, and DONE returns to the producer")
    func flow() {
        var router = HandOffRouter()
        #expect(router.handle(from("p", .put(role: "sla", eventID: "e1", envelope: [1])), now: 0).isEmpty)
        #expect(router.queueDepths["sla"] == 1)
        let delivered = parse(router.handle(from("w", .ready(role: "sla", credit: 1)), now: 0))
        #expect(delivered.count == 1)
        #expect(delivered.first?.0 == "w")
        #expect(delivered.first?.1 == .deliver(producer: Array("p".utf8), role: "sla", eventID: "e1", envelope: [1]))
        // No credit left: the next one waits.
        #expect(router.handle(from("p", .put(role: "sla", eventID: "e2", envelope: [2])), now: 0).isEmpty)
        let afterAck = parse(router.handle(from("w", .ack(producer: Array("p".utf8), role: "sla", eventID: "e1")), now: 0))
        #expect(afterAck.map(\.0) == ["p", "w"])
        #expect(afterAck.first?.1 == .done(role: "sla", eventID: "e1"))
    }

    @Test("work is shared round-robin among workers of a role")
    func roundRobin() {
        var router = HandOffRouter()
        for w in ["a", "b", "c"] { _ = router.handle(from(w, .ready(role: "classification", credit: 100)), now: 0) }
        var counts: [String: Int] = [:]
        for i in 0..<30 {
            for (peer, _) in parse(router.handle(from("p", .put(role: "classification", eventID: "e\(i)", envelope: [])), now: 0)) {
                counts[peer, default: 0] += 1
            }
        }
        #expect(counts == ["a": 10, "b": 10, "c": 10])
    }

    @Test("a PUT of several items queues each; a DELIVER carries what one producer has waiting, up to the worker's credit; one ACK of several returns their credit and one DONE")
    func batches() {
        var router = HandOffRouter()
        func items(_ range: Range<Int>) -> [HandOffItem] { range.map { HandOffItem(eventID: "e\($0)", envelope: [UInt8($0)]) } }
        #expect(router.handle(from("p", .put(role: "sla", items: items(0..<5))), now: 0).isEmpty)
        _ = router.handle(from("q", .put(role: "sla", items: items(5..<7) + items(0..<1))), now: 0)
        // e0 from q is already queued: one copy.
        #expect(router.queueDepths["sla"] == 7)
        let first = parse(router.handle(from("w", .ready(role: "sla", credit: 3)), now: 0))
        #expect(first.map(\.1) == [.deliver(producer: Array("p".utf8), role: "sla", items: items(0..<3))])
        let ids = ["e0", "e1", "e2"]
        let afterAck = parse(router.handle(from("w", .ack(producer: Array("p".utf8), role: "sla", eventIDs: ids)), now: 0))
        // The credit of all three is back: p's last two in one DELIVER, then one of q's.
        #expect(afterAck.map(\.1) == [
            .done(role: "sla", eventIDs: ids),
            .deliver(producer: Array("p".utf8), role: "sla", items: items(3..<5)),
            .deliver(producer: Array("q".utf8), role: "sla", items: items(5..<6)),
        ])
        #expect(afterAck.map(\.0) == ["p", "w", "w"])
        #expect(router.delivered == 6 && router.acknowledged == 3)
        // A NACK of several frees their credit without a DONE.
        let afterNack = parse(router.handle(from("w", .nack(producer: Array("p".utf8), role: "sla", eventIDs: ["e3", "e4"])), now: 0))
        #expect(afterNack.map(\.1) == [.deliver(producer: Array("q".utf8), role: "sla", items: items(6..<7))])
    }

    @Test("a burst from one producer is shared among the role's workers, a DELIVER at a time")
    func burstShared() {
        var router = HandOffRouter()
        for w in ["a", "b"] { _ = router.handle(from(w, .ready(role: "classification", credit: 1000)), now: 0) }
        let burst = (0..<256).map { HandOffItem(eventID: "e\($0)", envelope: []) }
        let out = parse(router.handle(from("p", .put(role: "classification", items: burst)), now: 0))
        var counts: [String: Int] = [:]
        for (peer, message) in out {
            guard case .deliver(_, _, let items) = message else { continue }
            counts[peer, default: 0] += items.count
        }
        #expect(counts == ["a": 128, "b": 128])
        #expect(out.count == 256 / HandOffRouter.deliverItems)
    }

    @Test("a resend of a queued event is not queued twice, and silent workers expire")
    func dedupeAndExpiry() {
        var router = HandOffRouter()
        _ = router.handle(from("p", .put(role: "sla", eventID: "e1", envelope: [])), now: 0)
        _ = router.handle(from("p", .put(role: "sla", eventID: "e1", envelope: [])), now: 1)
        #expect(router.queueDepths["sla"] == 1)
        _ = router.handle(from("w", .heartbeat(role: "notification", credit: 5)), now: 0)
        #expect(router.workerCounts["notification"] == 1)
        router.expire(now: 10)
        #expect(router.workerCounts["notification"] == 0)
    }

    @Test("garbage is counted and answered with nothing")
    func garbage() {
        var router = HandOffRouter()
        for frames: [[UInt8]] in [[], [[1]], [[1], [2], [3]], [Array("p".utf8), Array("SDH1".utf8), Array("DONE".utf8)]] {
            #expect(router.handle(Multipart(frames), now: 0).isEmpty)
        }
        #expect(router.malformed == 4)
    }
}

@Suite struct HandOffRouterAuthorizationTests {
    func from(_ peer: String, _ message: HandOffMessage) -> Multipart {
        Multipart([Array(peer.utf8)] + message.multipart.frames)
    }

    @Test("an authenticated sender may consume only its role and hand off only along the topology")
    func refusals() {
        var router = HandOffRouter()
        // notification's key announcing itself as an sla worker: refused, so it gets no sla work.
        #expect(router.handle(from("n", .ready(role: "sla", credit: 5)), now: 0, sender: .notification).isEmpty)
        #expect(router.refused == 1)
        #expect(router.workerCounts["sla"] == nil)
        // notification handing a forged event to classification: refused, nothing queued.
        _ = router.handle(from("n", .put(role: "classification", eventID: "x", envelope: [1])), now: 0, sender: .notification)
        #expect(router.refused == 2)
        #expect(router.queueDepths["classification"] == nil)
        // intake → classification is an edge of the topology; a real classification worker gets it.
        _ = router.handle(from("i", .put(role: "classification", eventID: "y", envelope: [2])), now: 0, sender: .intake)
        let out = router.handle(from("c", .ready(role: "classification", credit: 1)), now: 0, sender: .classification)
        #expect(out.count == 1)
        #expect(router.refused == 2)
        // Without authentication (plain-text bus) nothing is checked.
        _ = router.handle(from("n", .ready(role: "sla", credit: 1)), now: 0)
        #expect(router.workerCounts["sla"] == 1)
    }
}
