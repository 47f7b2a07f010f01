import Foundation
import Logging
import StoreTesting
import SupportDomain
import Testing
import ZeroMQ

@testable import Intake

/// Tickets over ZeroMQ (SDT1) against a real ROUTER socket and a real SQLite store, with a
/// DEALER as the client.
@Suite(.serialized) struct TicketSocketTests {
    /// A running endpoint on a fresh store, a DEALER connected to it, and an admin token.
    final class Endpoint: @unchecked Sendable {
        let service: IntakeService
        let token: String
        let context: Context
        let client: Socket
        let server: Task<Void, any Error>
        let bind: String

        /// With `curve`, the endpoint is a CURVE server and the client knows its public key.
        init(curve: Bool = false) async throws {
            service = try await IntakeTestSupport.makeService()
            token = try await service.store.createToken(name: "zmq", scopes: [.admin], account: nil)
            try await service.verifier.reload()
            bind = "ipc://" + FileManager.default.temporaryDirectory.appendingPathComponent("sdt1-\(UUID().uuidString)").path
            let serverKeys = curve ? try CurveKeyPair.generate() : nil
            let socket = TicketSocket(
                endpoint: .init(bind: bind, keyPair: serverKeys), opener: service.opener, gate: service.gate, logger: Logger(label: "test"))
            server = Task { try await socket.run() }
            context = try Context()
            client = try Socket(context: context, type: .dealer)
            if let serverKeys {
                let mine = try CurveKeyPair.generate()
                try client.set(.curveServerKey, Array(serverKeys.publicKey.utf8))
                try client.set(.curvePublicKey, Array(mine.publicKey.utf8))
                try client.set(.curveSecretKey, Array(mine.secretKey.utf8))
            }
            try client.set(.receiveTimeout, 10_000)
            try client.set(.linger, 0)
            try client.connect(bind)
        }

        deinit {
            server.cancel()
            client.close()
        }

        /// Waits for one reply's frames, on a thread of its own: a blocking receive on the
        /// concurrency pool would hold up the very tasks that answer it.
        func receive() async throws -> [[UInt8]]? {
            try await TestStores.offPool { [self] in try client.receive()?.frames }
        }

        /// Sends `frames` and waits for one reply: (request id, status, JSON object).
        func call(_ frames: [[UInt8]]) async throws -> (String, Int, [String: Any]) {
            _ = try client.send(Multipart(frames))
            let reply = try #require(try await receive(), "a reply within 10 s")
            let text = reply.map { String(decoding: $0, as: UTF8.self) }
            try #require(reply.count == 4 && text[0] == "SDT1", "SDT1 reply frames: \(text)")
            let object = (try? JSONSerialization.jsonObject(with: Data(reply[3]))) as? [String: Any] ?? [:]
            return (text[1], Int(text[2]) ?? 0, object)
        }

        func ticket(_ id: String, subject: String = "Bot down", token: String? = nil) async throws -> (String, Int, [String: Any]) {
            let body: [String: Any] = [
                "account": "norte-plus", "requester": "nina@norte.example", "channel": "portal", "subject": subject,
                "description": "O bot parou de responder.",
            ]
            return try await call([
                Array("SDT1".utf8), Array(id.utf8), Array("Bearer \(token ?? self.token)".utf8),
                // Sorted keys: a resend must be the same bytes, as a real client's is.
                Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])),
            ])
        }
    }

    @Test("a ticket over ZeroMQ is committed and answered 201; the same request id again is the same ticket")
    func createsAndReplays() async throws {
        let endpoint = try await Endpoint()
        let (id, status, ticket) = try await endpoint.ticket("req-1")
        #expect(id == "req-1" && status == 201)
        let ticketID = try #require(ticket["id"] as? String)
        #expect(try await endpoint.service.store.ticket(id: ticketID)?.subject == "Bot down", "stored before the answer")
        let (_, again, replayed) = try await endpoint.ticket("req-1")
        #expect(again == 201 && replayed["id"] as? String == ticketID, "a resend gets the first ticket, not a second: \(again) \(replayed)")
        let (_, conflict, error) = try await endpoint.ticket("req-1", subject: "Something else")
        #expect(conflict == 409 && (error["error"] as? [String: Any])?["code"] as? String == "idempotency_key_reused")
    }

    @Test("with bus keys the endpoint speaks CURVE: a client with intake's public key is served, a plain one is not")
    func curve() async throws {
        let endpoint = try await Endpoint(curve: true)
        let (_, status, ticket) = try await endpoint.ticket("curve-1")
        #expect(status == 201 && ticket["id"] != nil)
        let plain = try Socket(context: endpoint.context, type: .dealer)
        defer { plain.close() }
        try plain.set(.receiveTimeout, 500)
        try plain.set(.linger, 0)
        try plain.connect(endpoint.bind)
        _ = try plain.send(Multipart([Array("SDT1".utf8), Array("plain-1".utf8), Array("Bearer \(endpoint.token)".utf8), Array("{}".utf8)]))
        #expect(try plain.receive() == nil, "no handshake, no answer")
    }

    @Test("bad tokens, bodies and frames get the HTTP API's statuses and error shape")
    func refusals() async throws {
        let endpoint = try await Endpoint()
        let (_, unauthorized, error) = try await endpoint.ticket("r1", token: "sdk_nope")
        #expect(unauthorized == 401 && (error["error"] as? [String: Any])?["code"] as? String == "invalid_token")
        let (_, invalid, _) = try await endpoint.call([
            Array("SDT1".utf8), Array("r2".utf8), Array("Bearer \(endpoint.token)".utf8), Array(#"{"account":"norte-plus"}"#.utf8),
        ])
        #expect(invalid == 422)
        let (_, malformed, shape) = try await endpoint.call([Array("HTTP".utf8), Array("r3".utf8), Array("x".utf8), Array("{}".utf8)])
        #expect(malformed == 400 && (shape["error"] as? [String: Any])?["code"] as? String == "malformed_request")
        let (_, refused, reason) = try await endpoint.call([
            Array("SDT1".utf8), Array("r4".utf8), Array("Bearer \(endpoint.token)".utf8),
            Array(#"{"account":"norte-plus","requester":"stranger@nowhere.example","channel":"portal","subject":"s","description":"d"}"#.utf8),
        ])
        #expect(refused == 403, "entitlement refuses a stranger: \(reason)")
    }

    @Test("a pipelined burst: every request answered once, every ticket numbered uniquely")
    func pipelined() async throws {
        let endpoint = try await Endpoint()
        let count = 300
        let body = Array(
            try JSONSerialization.data(withJSONObject: [
                "account": "norte-plus", "requester": "nina@norte.example", "channel": "portal", "subject": "Burst",
                "description": "d",
            ]))
        for i in 0..<count {
            _ = try endpoint.client.send(Multipart([Array("SDT1".utf8), Array("burst-\(i)".utf8), Array("Bearer \(endpoint.token)".utf8), body]))
        }
        var answered: [String: Int] = [:]
        var numbers = Set<Int>()
        for _ in 0..<count {
            let reply = try #require(try await endpoint.receive()).map { String(decoding: $0, as: UTF8.self) }
            answered[reply[1], default: 0] += 1
            let object = (try? JSONSerialization.jsonObject(with: Data(reply[3].utf8))) as? [String: Any] ?? [:]
            #expect(reply[2] == "201")
            if let number = object["number"] as? Int { numbers.insert(number) }
        }
        #expect(answered.count == count && answered.values.allSatisfy { $0 == 1 })
        #expect(numbers.count == count, "unique ticket numbers")
    }
}
