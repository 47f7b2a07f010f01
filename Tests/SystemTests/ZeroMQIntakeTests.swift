import Foundation
import SupportBus
import SupportRuntime
import Testing
import ZeroMQ

extension EndToEnd {
/// Tickets over ZeroMQ as an integrator meets them: `supportctl up --zmq-port`, CURVE with the
/// server key from the suite's key folder, the operator's token.
@Suite struct ZeroMQIntakeTests {
    @Test("up --zmq-port serves SDT1 over CURVE: a ticket sent there is committed and readable over HTTP")
    func ticketOverCurve() async throws {
        let port = try FreePorts.find(count: 1)
        let suite = try SuiteProcess(arguments: ["--zmq-port", "\(port)"])
        defer { suite.stop() }
        let serverKey = try String(contentsOfFile: "\(suite.keys)/intake.pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let context = try Context()
        let client = try Socket(context: context, type: .dealer)
        defer { client.close() }
        let mine = try CurveKeyPair.generate()
        try client.set(.curveServerKey, Array(serverKey.utf8))
        try client.set(.curvePublicKey, Array(mine.publicKey.utf8))
        try client.set(.curveSecretKey, Array(mine.secretKey.utf8))
        try client.set(.receiveTimeout, 15_000)
        try client.set(.linger, 0)
        try client.connect("tcp://127.0.0.1:\(port)")
        let token = try #require(SuiteProcess.token(for: suite.http))
        let body = try JSONSerialization.data(withJSONObject: WalkingSkeletonTests.ticket, options: [.sortedKeys])
        _ = try client.send(Multipart([Array("SDT1".utf8), Array("it-1".utf8), Array("Bearer \(token)".utf8), Array(body)]))
        let reply = try #require(try client.receive(), "an answer within 15 s")
        #expect(reply.string(at: 0) == "SDT1" && reply.string(at: 1) == "it-1" && reply.string(at: 2) == "201")
        let ticket = try #require(try JSONSerialization.jsonObject(with: Data(reply[3])) as? [String: Any])
        let id = try #require(ticket["id"] as? String)
        let stored = try await WalkingSkeletonTests.get("\(suite.http)/v1/tickets/\(id)")
        #expect(stored["subject"] as? String == WalkingSkeletonTests.ticket["subject"] as? String)
    }
}
}
