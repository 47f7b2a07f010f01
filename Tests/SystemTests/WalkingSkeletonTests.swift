import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

extension EndToEnd {
/// The acceptance of the walking skeleton, as a newcomer would check it: the real executables,
/// a ticket posted over HTTP, and `supportctl tail` showing its four events.
@Suite struct WalkingSkeletonTests {
    static func post(_ url: String, _ body: [String: Any]) async throws -> (Int, [String: Any]) {
        let (status, object, _) = try await post(url, body, headers: [:])
        return (status, object)
    }

    /// POSTs JSON with extra request headers; answers the response headers too.
    static func post(_ url: String, _ body: [String: Any], headers: [String: String]) async throws -> (Int, [String: Any], HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if let token = SuiteProcess.token(for: url) { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(data.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object, response.headers)
    }

    static func get(_ url: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        if let token = SuiteProcess.token(for: url) { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(data.readableBytesView))) as? [String: Any] ?? [:]
    }

    static var ticket: [String: Any] { [
        "account": "norte-plus", "requester": "nina@norte.example", "channel": "portal",
        "subject": "WhatsApp bot parou de responder",
        "description": "Desde as 10h nenhum cliente recebe resposta do bot no WhatsApp, fora do ar para todos.",
    ] }

    @Test("a ticket posted over HTTP shows its four events in supportctl tail")
    func fourEvents() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let tail = try TailProcess(bus: suite.subscribe, keys: suite.keys)
        defer { tail.stop() }

        // A subscriber misses what is published before its subscription arrives (slow joiner):
        // post warm-up tickets until tail shows something.
        var warmed = false
        for _ in 0..<30 where !warmed {
            _ = try await Self.post("\(suite.http)/v1/tickets", Self.ticket)
            warmed = !(await tail.output.wait(seconds: 1) { !$0.isEmpty }).isEmpty
        }
        #expect(warmed, "tail printed nothing")

        let started = Date()
        let (status, created) = try await Self.post("\(suite.http)/v1/tickets", Self.ticket)
        #expect(status == 201)
        let id = try #require(created["id"] as? String)
        let expected = ["ticket.received", "ticket.classified", "sla.started", "notification.sent"]
        func topics(_ lines: [String]) -> [String] {
            lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .filter { $0["ticketId"] as? String == id }.compactMap { $0["topic"] as? String }
        }
        let lines = await tail.output.wait(seconds: 10) { Set(topics($0)).isSuperset(of: expected) }
        let elapsed = Date().timeIntervalSince(started)
        print("four events for \(id) seen by tail \(Int(elapsed * 1000)) ms after the POST was sent")
        #expect(topics(lines) == expected, "each event exactly once, in pipeline order")

        let stored = try await Self.get("\(suite.http)/v1/tickets/\(id)")
        #expect(stored["status"] as? String == "open")
        #expect(stored["type"] as? String == "incident", "the classifier read the text")
        #expect(stored["language"] as? String == "pt-BR")

        let mailbox = suite.dataDir.appendingPathComponent("mailbox")
        let files = try FileManager.default.contentsOfDirectory(atPath: mailbox.path)
        let acknowledgements = try files.map { try Data(contentsOf: mailbox.appendingPathComponent($0)) }
            .compactMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            .filter { $0["ticketID"] as? String == id }
        #expect(acknowledgements.count == 1)
        #expect((acknowledgements.first?["subject"] as? String)?.hasPrefix("[#") == true)
    }

    @Test("a refused ticket is answered 403 and its refusal reaches the requester once")
    func refusal() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        var body = Self.ticket
        body["requester"] = "otto@norte.example"
        let (status, answer) = try await Self.post("\(suite.http)/v1/tickets", body)
        #expect(status == 403)
        #expect((answer["error"] as? [String: Any])?["code"] as? String == "requester_out_of_scope")
        let mailbox = suite.dataDir.appendingPathComponent("mailbox")
        var refusals: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(10)
        while refusals.isEmpty && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let files = (try? FileManager.default.contentsOfDirectory(atPath: mailbox.path)) ?? []
            refusals = files.compactMap { try? Data(contentsOf: mailbox.appendingPathComponent($0)) }
                .compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
                .filter { $0["template"] as? String == "ticket.refusal" }
        }
        #expect(refusals.count == 1)
        #expect(refusals.first?["recipient"] as? String == "otto@norte.example")
        #expect(refusals.first?["language"] as? String == "pt-BR")
    }
}
}
