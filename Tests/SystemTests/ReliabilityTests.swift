import Foundation
import SupportBus
import SupportDomain
import SupportRuntime
import Testing
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #4's tests against the running suite: replay with no gap or duplicate at the seam,
/// visible gaps, garbage on every socket, and poison messages in the dead letters.
@Suite struct ReliabilityTests {
    typealias W = WalkingSkeletonTests

    static func ids(_ tail: TailProcess) -> [String] { tail.events.compactMap { $0["id"] as? String } }

    @Test("tail --since replays history, then goes live with no gap and no duplicate at the seam")
    func replaySeam() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        // Three tickets nobody watches live.
        var before: [String] = []
        for _ in 0..<3 {
            let (_, created) = try await W.post("\(suite.http)/v1/tickets", W.ticket)
            before.append(try #require(created["id"] as? String))
        }
        // Their four events each are recorded by the bus.
        let probe = try TailProcess(bus: suite.subscribe, keys: suite.keys, arguments: ["--json", "--since", "10m", "--history", suite.history, "--count", "12", "--timeout", "20"])
        let historyLines = await probe.output.wait(seconds: 20) { $0.count >= 12 }
        probe.stop()
        #expect(historyLines.count >= 12, "history has the earlier tickets' events")

        // Now a tail that replays and stays live while tickets keep arriving.
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys, arguments: ["--json", "--since", "10m", "--history", suite.history])
        defer { tail.stop() }
        var during: [String] = []
        for _ in 0..<10 {
            let (_, created) = try await W.post("\(suite.http)/v1/tickets", W.ticket)
            during.append(try #require(created["id"] as? String))
            try await Task.sleep(for: .milliseconds(30))
        }
        let expected = (before + during).count * 4
        _ = await tail.output.wait(seconds: 20) { $0.count >= expected }
        try await Task.sleep(for: .milliseconds(500))
        let events = tail.events
        let ids = events.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count, "no duplicate at the seam")
        for ticket in before + during {
            let topics = events.filter { $0["ticketId"] as? String == ticket }.compactMap { $0["topic"] as? String }
            #expect(topics == ["ticket.received", "ticket.classified", "sla.started", "notification.sent"], "\(ticket)")
        }
    }

    @Test("tail reports a gap in a producer's sequence numbers")
    func forcedGap() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys, arguments: [])
        defer { tail.stop() }
        let context = try Context()
        // Acting as intake (ticket.rejected is intake's topic), with intake's bus key.
        let publisher = try suite.socket(.publisher, in: context, as: .intake, connect: suite.publish)
        let rejected = TicketRejected(
            account: "a", requester: "r", requesterEmail: nil, requesterPhone: nil, channel: .portal,
            reason: .planNotEntitled, language: .en, message: "m", subject: "gap test")
        func publish(_ sequence: UInt64) throws {
            let envelope = Envelope(
                id: EventID.make(now: Date()), event: .ticketRejected(rejected), producer: "gap-test-\(sequence > 100 ? 2 : 1)",
                sequence: sequence % 100, occurredAt: Date())
            try publisher.send(Multipart([envelope.topic.bytes, try EnvelopeCodec.encode(envelope)]))
        }
        // Wait until tail sees this publisher (slow joiner), then skip sequence 3.
        var seen = false
        var next: UInt64 = 1
        while !seen && next < 50 {
            try publish(next)
            next += 1
            seen = !(await tail.output.wait(seconds: 0.3) { !$0.isEmpty }).isEmpty
        }
        try #require(seen)
        try publish(next + 1)
        let errors = await tail.errors.wait(seconds: 5) { $0.contains { $0.hasPrefix("gap:") } }
        #expect(errors.contains { $0.contains("gap: 1 event from gap-test-1 missed") }, "\(errors)")
        publisher.close()
    }

    @Test("garbage on every socket leaves every service running; poison ends in dead letters and can be replayed")
    func garbageAndPoison() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let context = try Context()
        // Raw bytes that are not ZMTP, on every bus port and the HTTP port.
        for port in [suite.busPort, suite.busPort + 1, suite.busPort + 2, suite.busPort + 3, suite.httpPort] {
            Self.sendRawTCP(port: port, bytes: Array("\u{0}\u{1}GARBAGE\r\n\r\n".utf8) + (0..<512).map { UInt8($0 % 256) })
        }
        // Well-formed ZMTP with garbage frames: on the stream, the hand-off router and history.
        // Acting as intake (its topics, its hand-off edges) and the operator, with their keys.
        let publisher = try suite.socket(.publisher, in: context, as: .intake, connect: suite.publish)
        let dealer = try suite.socket(.dealer, in: context, as: .intake, connect: suite.handoff)
        let historian = try suite.socket(.dealer, in: context, as: .operator, connect: suite.history)
        for _ in 0..<20 {
            try publisher.send([Array("ticket.received".utf8), Array("{not json".utf8)])
            try publisher.send([[0xff, 0xfe]])
            try dealer.send([[0x00], Array("SDH1".utf8), Array("ACK".utf8)])
            try dealer.send(Multipart(strings: ["SDH1", "READY", "sla", "-3"]))
            try historian.send(Multipart(strings: ["SDHIST1", "SINCE", "yesterday", ""]))
        }
        // Poison: a PUT whose envelope cannot be decoded, to the sla role.
        try dealer.send(HandOffMessage.put(role: "sla", eventID: "poison-1", envelope: Array("{\"id\":42}".utf8)).multipart)
        let store = suite.dataDir.appendingPathComponent("sla.sqlite").path
        var listed: [[String: Any]] = []
        for _ in 0..<50 where listed.isEmpty {
            try await Task.sleep(for: .milliseconds(200))
            listed = try Self.deadLetters(store)
        }
        #expect(listed.map { $0["eventId"] as? String } == ["poison-1"])

        // Everything still works: a ticket flows end to end.
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys)
        defer { tail.stop() }
        var done = false
        for _ in 0..<20 where !done {
            let (_, created) = try await W.post("\(suite.http)/v1/tickets", W.ticket)
            let id = created["id"] as? String
            done = !(await tail.output.wait(seconds: 2) { lines in
                lines.contains { $0.contains("notification.sent") && id.map($0.contains) == true }
            }.filter { $0.contains("notification.sent") }).isEmpty
        }
        #expect(done, "a ticket still flows through every service")
        let log = (try? String(contentsOf: suite.dataDir.appendingPathComponent("logs/bus.log"), encoding: .utf8)) ?? ""
        #expect(log.contains("malformed"), "the broker logged the garbage it dropped")
        for name in ["bus", "intake", "classification", "sla", "notification"] {
            #expect(try ChaosTests.pid(of: name, under: suite) == suite.pids[name], "\(name) never restarted")
        }

        // Replay: still poison, so it returns to the dead letters; the command reports it taken.
        let replay = try Self.supportctl(["deadletters", "replay", "--store", store, "--all", "--bus", suite.handoff, "--keys", suite.keys])
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.output.contains("replayed 1 of 1"))
        try await Task.sleep(for: .seconds(1))
        #expect(try Self.deadLetters(store).count == 1)
        dealer.close()
        publisher.close()
        historian.close()
    }

    static func deadLetters(_ store: String) throws -> [[String: Any]] {
        let result = try supportctl(["deadletters", "list", "--store", store, "--json"])
        return result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static func supportctl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = SuiteProcess.binary("supportctl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func sendRawTCP(port: Int, bytes: [UInt8]) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        usleep(50_000)
    }
}
}
