import Foundation
import SupportBus
import SupportDomain
import Testing
import ZeroMQ

extension EndToEnd {
/// Issue #11, the bus: CURVE on every socket, only listed keys admitted, each role confined to
/// its own topics — checked against the running executables `supportctl up` starts.
@Suite struct BusSecurityTests {
    /// A fake event as `producer` would publish it, with a recognisable subject.
    static func fakeReceived(_ marker: String) throws -> (Envelope, Multipart) {
        let summary = TicketSummary(
            id: EventID.make(now: Date()), number: 999_999, account: "lumen-lite", planGroup: .standard, requester: "u-leo",
            requesterName: "Leonardo Lima", requesterEmail: "leo@lumen.example", requesterPhone: nil, requesterLanguage: .ptBR,
            requesterTimeZone: nil, channel: .portal, subject: marker, type: nil, priority: nil, createdAt: Date())
        let envelope = Envelope(
            id: EventID.make(now: Date()), event: .ticketReceived(TicketReceived(ticket: summary, requestedType: nil, description: marker)),
            producer: "forger", sequence: 1, occurredAt: Date())
        return (envelope, Multipart([envelope.topic.bytes, try EnvelopeCodec.encode(envelope)]))
    }

    @Test("tail and publishers without a listed key get nothing and reach no one; with the operator key tail sees the flow")
    func unlistedKeys() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let keyed = try TailProcess(bus: suite.subscribe, keys: suite.keys)
        defer { keyed.stop() }
        let keyless = try TailProcess(bus: suite.subscribe, keys: nil)
        defer { keyless.stop() }
        // A key pair that is valid CURVE but on no allowlist, and the broker's real public key.
        let strangerKeys = FileManager.default.temporaryDirectory.appendingPathComponent("stranger-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: strangerKeys) }
        let stranger = BusKeyring(folder: strangerKeys)
        try stranger.initialize()
        let brokerKey = try BusKeyring(folder: URL(fileURLWithPath: suite.keys)).keyPair(BusKeyring.brokerName).publicKey
        let context = try Context()
        let strangerPublisher = try Socket(context: context, type: .publisher)
        for (option, value) in BusCredentials(keyPair: try stranger.keyPair("intake"), serverPublicKey: brokerKey).clientOptions {
            try strangerPublisher.set(option, value)
        }
        try strangerPublisher.connect(suite.publish)
        let plainPublisher = try Socket(context: context, type: .publisher)
        try plainPublisher.connect(suite.publish)
        let strangerTail = try TailProcess(bus: suite.subscribe, keys: strangerKeys.path)
        defer { strangerTail.stop() }

        let marker = "forged-\(UUID().uuidString)"
        var created = ""
        for _ in 0..<30 {
            for socket in [strangerPublisher, plainPublisher] { try socket.send(try Self.fakeReceived(marker).1) }
            let (status, body) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", WalkingSkeletonTests.ticket)
            #expect(status == 201)
            created = body["id"] as? String ?? ""
            // Until the tail has joined (slow joiner): a ticket whose first event it saw.
            func received(_ line: String) -> Bool { line.contains("ticket.received") && line.contains(created) }
            let lines = await keyed.output.wait(seconds: 0.5) { $0.contains(where: received) }
            if lines.contains(where: received) { break }
        }
        let seen = await keyed.output.wait(seconds: 10) { lines in
            lines.contains { $0.contains("notification.sent") && $0.contains(created) }
        }
        #expect(seen.contains { $0.contains("ticket.received") && $0.contains(created) }, "the operator key sees the flow")
        #expect(!seen.contains { $0.contains(marker) }, "nothing from an unlisted or missing key reaches subscribers")
        #expect(keyless.output.snapshot.isEmpty, "a tail without a key gets nothing: \(keyless.output.snapshot.prefix(2))")
        #expect(strangerTail.output.snapshot.isEmpty, "a tail with an unlisted key gets nothing")
        strangerPublisher.close()
        plainPublisher.close()
    }

    @Test("a listed service publishing or handing off another role's topic is dropped by the broker")
    func roleConfinement() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys, arguments: ["--json", "--topic", "ticket."])
        defer { tail.stop() }
        let context = try Context()
        // notification's real key, used for intake's topic on the stream and for a hand-off to
        // classification (an edge notification does not have).
        let impostor = try suite.socket(.publisher, in: context, as: .notification, connect: suite.publish)
        let impostorDealer = try suite.socket(.dealer, in: context, as: .notification, connect: suite.handoff)
        let genuine = try suite.socket(.publisher, in: context, as: .intake, connect: suite.publish)
        let forged = "impostor-\(UUID().uuidString)"
        let control = "genuine-\(UUID().uuidString)"
        var sawControl = false
        for _ in 0..<40 where !sawControl {
            let (envelope, message) = try Self.fakeReceived(forged)
            try impostor.send(message)
            try impostorDealer.send(
                HandOffMessage.put(role: "classification", eventID: envelope.id, envelope: message[1]).multipart)
            try genuine.send(try Self.fakeReceived(control).1)
            let lines = await tail.output.wait(seconds: 0.25) { $0.contains { $0.contains(control) } }
            sawControl = lines.contains { $0.contains(control) }
        }
        #expect(sawControl, "intake's key may publish ticket.received (control)")
        // Give a forged hand-off time to be classified if it had got through.
        let lines = await tail.output.wait(seconds: 3) { $0.contains { $0.contains(forged) } }
        #expect(!lines.contains { $0.contains(forged) }, "no forged event reached a subscriber or classification")
        let log = try String(contentsOf: suite.dataDir.appendingPathComponent("logs/bus.log"), encoding: .utf8)
        #expect(log.contains("dropped stream message outside the sender's role"))
        #expect(log.contains("dropped hand-off messages outside the sender's role"))
        impostor.close()
        impostorDealer.close()
        genuine.close()
    }

    @Test("the bytes crossing a bus port never contain a ticket's subject in clear")
    func encryptedOnTheWire() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent("bus-bytes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: recording) }
        let relay = try ScriptProcess("tcp-record.py", ["\(suite.busPort + 1)", recording.path])
        defer { relay.stop() }
        let relayPort = relay.port
        // The operator's tail reads the stream through the recording relay.
        let tail = try TailProcess(bus: "tcp://127.0.0.1:\(relayPort)", keys: suite.keys)
        defer { tail.stop() }
        let subject = "Canary \(UUID().uuidString) cannot log in"
        var found = false
        for _ in 0..<30 where !found {
            var body = WalkingSkeletonTests.ticket
            body["subject"] = subject
            let (status, _) = try await WalkingSkeletonTests.post("\(suite.http)/v1/tickets", body)
            #expect(status == 201)
            let lines = await tail.output.wait(seconds: 0.5) { $0.contains { $0.contains(subject) } }
            found = lines.contains { $0.contains(subject) }
        }
        #expect(found, "the subscriber decrypts the subject")
        let bytes = try Data(contentsOf: recording)
        #expect(bytes.count > 1000, "the relay carried the stream (\(bytes.count) bytes)")
        #expect(bytes.range(of: Data(subject.utf8)) == nil, "the subject crossed the wire in clear")
        #expect(bytes.range(of: Data("ticket.received".utf8)) == nil, "topics are encrypted too")
    }
}
}
