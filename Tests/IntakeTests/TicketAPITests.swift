import Foundation
import StoreTesting
import SupportStore
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Intake

@Suite struct TicketAPITests {
    typealias S = IntakeTestSupport

    func ticket(_ fields: [String: Any] = [:]) -> ByteBuffer {
        var body: [String: Any] = [
            "account": "norte-plus", "requester": "nina@norte.example", "channel": "portal",
            "subject": "Bot parou", "description": "Nenhuma mensagem chega",
        ]
        for (key, value) in fields { body[key] = value }
        return S.json(body)
    }

    /// A 201 means committed: the row and its ticket.received outbox row are in the SQLite file.
    @Test("a valid ticket is created, committed with its hand-off, and read back", arguments: TestStores.engines)
    func createAndGet(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let headers = try await S.adminHeaders(service)
        try await Application(router: service.makeRouter()).test(.router) { client in
            var id = ""
            try await client.execute(uri: "/v1/tickets", method: .post, headers: headers, body: ticket(["type": "doubt"])) { response in
                #expect(response.status == .created)
                let body = S.decode(response.body)
                id = body["id"] as? String ?? ""
                #expect(body["number"] as? Int == 1)
                #expect(body["status"] as? String == "new")
                #expect(body["requestedType"] as? String == "doubt")
                #expect(body["requester"] as? String == "u-nina")
                #expect(response.headers[.location] == "/v1/tickets/\(id)")
            }
            try await client.execute(uri: "/v1/tickets", method: .post, headers: headers, body: ticket()) { response in
                #expect(S.decode(response.body)["number"] as? Int == 2, "numbers increase per account")
            }
            try await client.execute(uri: "/v1/tickets/\(id)", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(S.decode(response.body)["subject"] as? String == "Bot parou")
            }
            let rows = try await service.store.storage.read { db in
                (try db.row("SELECT COUNT(*) FROM ticket")!.int(0), try db.row("SELECT COUNT(*) FROM outbox WHERE role = 'classification'")!.int(0))
            }
            #expect(rows.0 == 2 && rows.1 == 2)
        }
    }

    /// Refusals: (account, requester, channel, Accept-Language, code, a word of the expected language).
    static let refusals: [(String, String, String, String?, String, String)] = [
        ("acme-trial", "tina@acme-trial.example", "portal", nil, "plan_not_entitled", "upgrade"),
        ("norte-plus", "stranger@nowhere.example", "email", "es-AR,es;q=0.9", "requester_unknown", "solicitante"),
        ("norte-plus", "stranger@nowhere.example", "email", nil, "requester_unknown", "requester"),
        ("norte-plus", "otto@norte.example", "portal", nil, "requester_out_of_scope", "time de bots"),
        ("norte-plus", "nina@norte.example", "phone", nil, "channel_not_allowed", "canal"),
        ("initech-super", "ian@initech.example", "phone", nil, "channel_not_allowed", "channel"),
        ("andes-enterprise", "sofia@andes.example", "forum", nil, "self_service_channel", "autoservicio"),
        ("no-such-account", "sofia@andes.example", "portal", "pt-BR", "account_unknown", "cuenta"),
        ("no-such-account", "who@nowhere.example", "portal", "pt-BR", "account_unknown", "conta"),
    ]

    @Test("a refused ticket gets 403 with the reason in the requester's language", arguments: refusals)
    func refusal(account: String, requester: String, channel: String, acceptLanguage: String?, code: String, word: String) async throws {
        let service = try await S.makeService()
        let headers = try await S.adminHeaders(service)
        var withLanguage = headers
        if let acceptLanguage { withLanguage[.acceptLanguage] = acceptLanguage }
        let requestHeaders = withLanguage
        try await Application(router: service.makeRouter()).test(.router) { client in
            try await client.execute(
                uri: "/v1/tickets", method: .post, headers: requestHeaders,
                body: ticket(["account": account, "requester": requester, "channel": channel])
            ) { response in
                #expect(response.status == .forbidden)
                #expect(S.errorCode(response.body) == code)
                #expect(S.errorMessage(response.body)?.contains(word) == true, "\(S.errorMessage(response.body) ?? "")")
            }
        }
        let owed = try await service.store.storage.read { db in try db.row("SELECT COUNT(*) FROM outbox WHERE role = 'notification'")!.int(0) }
        #expect(owed == 1, "the refusal is committed and owed to notification")
    }

    static let badRequests: [(String, HTTPFields, String, HTTPResponse.Status, String)] = [
        ("not json", [.contentType: "application/json"], "{", .badRequest, "malformed_json"),
        ("array", [.contentType: "application/json"], "[1,2]", .badRequest, "malformed_json"),
        ("wrong media", [.contentType: "text/plain"], "{}", .unsupportedMediaType, "unsupported_media_type"),
        ("missing", [.contentType: "application/json"], "{\"account\":\"norte-plus\"}", .unprocessableContent, "invalid_field"),
        ("channel", [.contentType: "application/json"], "{\"account\":\"a\",\"requester\":\"r\",\"channel\":\"fax\",\"subject\":\"s\"}", .unprocessableContent, "invalid_field"),
        ("type", [.contentType: "application/json"], "{\"account\":\"a\",\"requester\":\"r\",\"channel\":\"portal\",\"subject\":\"s\",\"type\":\"bug\"}", .unprocessableContent, "invalid_field"),
        ("number", [.contentType: "application/json"], "{\"account\":1,\"requester\":\"r\",\"channel\":\"portal\",\"subject\":\"s\"}", .unprocessableContent, "invalid_field"),
        ("unknown", [.contentType: "application/json"], "{\"account\":\"a\",\"requester\":\"r\",\"channel\":\"portal\",\"subject\":\"s\",\"x\":1}", .unprocessableContent, "invalid_field"),
        ("blank", [.contentType: "application/json"], "{\"account\":\"a\",\"requester\":\"r\",\"channel\":\"portal\",\"subject\":\"  \"}", .unprocessableContent, "invalid_field"),
        ("unicode blank", [.contentType: "application/json"], "{\"account\":\"a\",\"requester\":\"r\",\"channel\":\"portal\",\"subject\":\"\\u3000\\n\\u00a0\"}", .unprocessableContent, "invalid_field"),
        ("NUL", [.contentType: "application/json"], "{\"account\":\"a\",\"requester\":\"r\",\"channel\":\"portal\",\"subject\":\"a\\u0000b\"}", .unprocessableContent, "invalid_field"),
        ("scalar", [.contentType: "application/json"], "\"a ticket\"", .badRequest, "malformed_json"),
        ("trailing comma", [.contentType: "application/json"], "{\"account\":\"a\",}", .badRequest, "malformed_json"),
    ]

    @Test("malformed input gets a clear error of the one shape", arguments: badRequests)
    func badRequest(name: String, headers given: HTTPFields, body: String, status: HTTPResponse.Status, code: String) async throws {
        let service = try await S.makeService()
        var authorized = given
        authorized[.authorization] = try await S.adminHeaders(service)[.authorization]
        let headers = authorized
        try await Application(router: service.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/v1/tickets", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == status, "\(name)")
                #expect(S.errorCode(response.body) == code, "\(name)")
                #expect(S.errorMessage(response.body)?.isEmpty == false)
            }
        }
    }

    @Test("a body over the limit gets 413 and nothing is stored", arguments: TestStores.engines)
    func tooLarge(engine: StoreEngine) async throws {
        let service = try await S.makeService(maximumBodySize: 2048, engine: engine)
        let headers = try await S.adminHeaders(service)
        try await Application(router: service.makeRouter()).test(.router) { client in
            try await client.execute(
                uri: "/v1/tickets", method: .post, headers: headers,
                body: ticket(["description": String(repeating: "x", count: 5000)])
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(S.errorCode(response.body) == "body_too_large")
            }
        }
        #expect(try await service.store.storage.read { try $0.row("SELECT COUNT(*) FROM ticket")?.int(0) } == 0)
    }

    @Test("unknown tickets and routes answer 404 in the error shape", arguments: TestStores.engines)
    func notFound(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let headers = try await S.adminHeaders(service)
        try await Application(router: service.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/v1/tickets/nope", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(S.errorCode(response.body) == "ticket_not_found")
            }
            try await client.execute(uri: "/v2/whatever", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(S.errorCode(response.body) == "not_found")
            }
        }
    }
}
