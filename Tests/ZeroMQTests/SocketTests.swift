import Foundation
import Testing
import ZeroMQ

@Suite struct SocketTests {
    /// A multipart message sent over real loopback TCP arrives whole, frame for frame.
    @Test("push and pull round-trip a multipart message over tcp")
    func pushPullRoundTrip() throws {
        let context = try Context()
        let pull = try Socket(context: context, type: .pull)
        try pull.set(.receiveTimeout, 5000)
        let endpoint = try pull.bind("tcp://127.0.0.1:*")
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(!endpoint.hasSuffix(":*"))
        let push = try Socket(context: context, type: .push)
        try push.connect(endpoint)
        let big = [UInt8](repeating: 0xab, count: 100_000)
        let message: Multipart = [Array("topic".utf8), [], [0x00, 0xff], big]
        #expect(try push.send(message) == .sent)
        let received = try #require(try pull.receive())
        #expect(received == message)
        #expect(received.string(at: 0) == "topic")
    }

    /// Small messages (≤ 33 bytes) are stored inside zmq_msg_t; they must still arrive intact.
    @Test("small messages that libzmq stores inline arrive intact", arguments: [0, 1, 32, 33, 34])
    func smallMessages(size: Int) throws {
        let context = try Context()
        let pull = try Socket(context: context, type: .pull)
        try pull.set(.receiveTimeout, 5000)
        let endpoint = try pull.bind("inproc://small-\(size)")
        let push = try Socket(context: context, type: .push)
        try push.connect(endpoint)
        let frame = (0..<size).map { UInt8($0 % 251) }
        try push.send([frame])
        #expect(try pull.receive() == Multipart([frame]))
    }

    /// EAGAIN is an outcome, not an error: no peer and dontWait answers wouldBlock.
    @Test("a send with no peer and dontWait reports wouldBlock")
    func wouldBlock() throws {
        let context = try Context()
        let push = try Socket(context: context, type: .push)
        // With `immediate`, libzmq queues only to completed connections, so nothing is queued.
        try push.set(.immediate, 1)
        try push.connect("tcp://127.0.0.1:1")
        #expect(try push.send(Multipart(strings: ["x"]), dontWait: true) == .wouldBlock)
        let pull = try Socket(context: context, type: .pull)
        _ = try pull.bind("tcp://127.0.0.1:*")
        #expect(try pull.receive(dontWait: true) == nil)
    }

    /// Errors keep errno and the C call that failed.
    @Test("a bad endpoint throws ZeroMQError naming zmq_bind")
    func badEndpoint() throws {
        let context = try Context()
        let socket = try Socket(context: context, type: .pull)
        let error = try #require(throws: ZeroMQError.self) { try socket.bind("nonsense://here") }
        #expect(error.function == "zmq_bind")
        #expect(error.errno != 0)
    }

    /// Subscribers receive only the prefixes they asked for.
    @Test("a subscriber gets only its topic prefixes")
    func subscriptions() async throws {
        let context = try Context()
        let publisher = try Socket(context: context, type: .publisher)
        let endpoint = try publisher.bind("tcp://127.0.0.1:*")
        let subscriber = try Socket(context: context, type: .subscriber)
        try subscriber.set(.subscribe, "sla.")
        try subscriber.set(.receiveTimeout, 200)
        try subscriber.connect(endpoint)
        // Slow joiner: publish until the subscription has propagated.
        var got: Multipart?
        let deadline = Date().addingTimeInterval(5)
        while got == nil && Date() < deadline {
            try publisher.send(Multipart(strings: ["ticket.received", "a"]))
            try publisher.send(Multipart(strings: ["sla.breached", "b"]))
            got = try subscriber.receive()
        }
        #expect(got?.string(at: 0) == "sla.breached")
    }

    /// An open-loop sender at more than 1,000 a second waits less than a millisecond between
    /// sends: the wait must last that long, sleeping (a zero-millisecond `zmq_poll` loop spins a
    /// core), and end as soon as a message arrives.
    @Test("a poll with a sub-millisecond timeout sleeps that long, and wakes for a message")
    func preciseTimeout() throws {
        let context = try Context()
        let pull = try Socket(context: context, type: .pull)
        let endpoint = try pull.bind("tcp://127.0.0.1:*")
        let push = try Socket(context: context, type: .push)
        try push.connect(endpoint)
        var poller = Poller()
        poller.add(pull)

        var cpu = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu)
        let cpuBefore = Double(cpu.tv_sec) + Double(cpu.tv_nsec) / 1e9
        let started = ContinuousClock.now
        for _ in 0..<200 {
            let waitStart = ContinuousClock.now
            #expect(try poller.poll(timeout: .microseconds(500)) == 0)
            #expect(ContinuousClock.now - waitStart >= .microseconds(500))
        }
        let wall = (ContinuousClock.now - started) / .seconds(1)
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu)
        let busy = Double(cpu.tv_sec) + Double(cpu.tv_nsec) / 1e9 - cpuBefore
        #expect(busy < wall / 2, "waiting \(wall) s took \(busy) s of CPU: it spins")

        try push.send(Multipart(strings: ["ready"]))
        let waitStart = ContinuousClock.now
        #expect(try poller.poll(timeout: .seconds(10)) == 1)
        #expect(poller.isReadable(0))
        #expect(ContinuousClock.now - waitStart < .seconds(5))
        #expect(try pull.receive(dontWait: true)?.string(at: 0) == "ready")
        push.close()
        pull.close()
    }

    @Test("the runtime is libzmq 4.x with CURVE")
    func version() {
        #expect(Context.version.hasPrefix("4."))
        #expect(Context.has("curve"))
    }
}
