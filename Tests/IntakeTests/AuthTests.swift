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

/// Tokens, scopes and rate limits over the router.
@Suite struct AuthTests {
    typealias S = IntakeTestSupport

    static func token(_ service: IntakeService, _ scopes: [Scope], account: String? = nil) async throws -> HTTPFields {
        let token = try await service.store.createToken(name: "t", scopes: scopes, account: account)
        try await service.verifier.reload()
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    static let newTicket = ByteBuffer(
        string: #"{"account":"norte-plus","requester":"nina@norte.example","channel":"portal","subject":"Bot parou"}"#)

    @Test("no token gives 401 with WWW-Authenticate; a wrong one too; health needs none", arguments: TestStores.engines)
    func unauthenticated(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        try await Application(router: service.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/v1/tickets", method: .post, headers: [.contentType: "application/json"], body: Self.newTicket) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(S.errorCode(response.body) == "missing_token")
            }
            let forged = "Bearer sdk_0123456789abcdef_" + String(repeating: "a", count: 64)
            for header in [forged, "Bearer nonsense", "Basic dXNlcjpwYXNz"] {
                try await client.execute(uri: "/v1/tickets/x", method: .get, headers: [.authorization: header]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(S.errorCode(response.body) == "invalid_token")
                    #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                }
            }
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    /// (scope, method, path kind, expected status) — path kinds: create, read, sla, reply, status.
    static let matrix: [(Scope, String, Int)] = [
        (.ticketsCreate, "create", 201), (.ticketsCreate, "read", 403), (.ticketsCreate, "agentReply", 403),
        (.ticketsCreate, "customerReply", 201), (.ticketsCreate, "status", 403),
        (.ticketsRead, "create", 403), (.ticketsRead, "read", 200), (.ticketsRead, "sla", 200), (.ticketsRead, "status", 403),
        (.agent, "create", 201), (.agent, "read", 200), (.agent, "agentReply", 201), (.agent, "status", 200),
        (.admin, "create", 201), (.admin, "read", 200), (.admin, "status", 200),
    ]

    @Test("each scope is allowed what it covers and refused the rest", arguments: matrix)
    func scopes(scope: Scope, action: String, expected: Int) async throws {
        let service = try await S.makeService()
        let admin = try await S.adminHeaders(service)
        let headers = try await Self.token(service, [scope])
        try await Application(router: service.makeRouter()).test(.router) { client in
            let id = try await client.execute(uri: "/v1/tickets", method: .post, headers: admin, body: Self.newTicket) { response in
                S.decode(response.body)["id"] as? String ?? ""
            }
            let (method, uri, body): (HTTPRequest.Method, String, String?) =
                switch action {
                case "create": (.post, "/v1/tickets", String(buffer: Self.newTicket))
                case "read": (.get, "/v1/tickets/\(id)", nil)
                case "sla": (.get, "/v1/tickets/\(id)/sla", nil)
                case "agentReply": (.post, "/v1/tickets/\(id)/replies", #"{"author":"agent","body":"hi"}"#)
                case "customerReply": (.post, "/v1/tickets/\(id)/replies", #"{"author":"customer","body":"hi"}"#)
                default: (.post, "/v1/tickets/\(id)/status", #"{"status":"pending"}"#)
                }
            try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                #expect(Int(response.status.code) == expected, "\(scope.rawValue) \(action): \(String(buffer: response.body))")
                if expected == 403 { #expect(S.errorCode(response.body) == "insufficient_scope") }
            }
        }
    }

    @Test("an account-bound token is refused another account's users and tickets", arguments: TestStores.engines)
    func accountBound(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let admin = try await S.adminHeaders(service)
        let bound = try await Self.token(service, [.ticketsCreate, .ticketsRead], account: "norte-plus")
        try await Application(router: service.makeRouter()).test(.router) { client in
            let other = ByteBuffer(string: #"{"account":"globex-super","requester":"grace@globex.example","channel":"portal","subject":"x"}"#)
            try await client.execute(uri: "/v1/tickets", method: .post, headers: bound, body: other) { response in
                #expect(response.status == .forbidden)
                #expect(S.errorCode(response.body) == "token_account_mismatch")
            }
            try await client.execute(uri: "/v1/tickets", method: .post, headers: bound, body: Self.newTicket) { response in
                #expect(response.status == .created)
            }
            let foreign = try await client.execute(uri: "/v1/tickets", method: .post, headers: admin, body: other) { response in
                S.decode(response.body)["id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/tickets/\(foreign)", method: .get, headers: bound) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("past the budget the answer is 429 with Retry-After and RateLimit headers", arguments: TestStores.engines)
    func rateLimit(engine: StoreEngine) async throws {
        let service = try await S.makeService(rateLimitPerToken: 3, engine: engine)
        let headers = try await S.adminHeaders(service)
        try await Application(router: service.makeRouter()).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/tickets/none", method: .get, headers: headers) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.init("RateLimit-Policy")!] == "3;w=60")
                }
            }
            try await client.execute(uri: "/v1/tickets/none", method: .get, headers: headers) { response in
                #expect(response.status == .tooManyRequests)
                #expect(S.errorCode(response.body) == "rate_limited")
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(response.headers[.init("RateLimit")!]?.contains("remaining=0") == true)
            }
        }
    }

    @Test("token secrets are compared in full and only hashes are stored", arguments: TestStores.engines)
    func storage(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let token = try await service.store.createToken(name: "x", scopes: [.agent], account: nil)
        #expect(token.hasPrefix("sdk_") && token.count == 4 + 16 + 1 + 64)
        let stored = try await service.store.storage.read { db in try db.rows("SELECT secret_hash FROM access_token", []).map { Data(try $0.bytes(0)) } }
        #expect(stored.allSatisfy { $0.count == 32 })
        #expect(!stored.contains { String(decoding: $0, as: UTF8.self).contains(token.suffix(64)) })
        #expect(TokenVerifier.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!TokenVerifier.constantTimeEqual([1, 2, 3], [1, 2, 4]))
    }

    @Test("an Authorization header is read as RFC 6750 allows: any case of Bearer, blanks around the token")
    func authorizationHeader() {
        let id = "0123456789abcdef", secret = String(repeating: "5a", count: 32)
        for header in ["Bearer sdk_\(id)_\(secret)", "bearer sdk_\(id)_\(secret)", "BEARER  \tsdk_\(id)_\(secret) \t"] {
            let parsed = AccessToken.parse(authorization: header)
            #expect(parsed?.id == id && parsed?.secret == secret, "\(header)")
        }
        for header in [
            "", "Bearer", "Bearer ", "Basic sdk_\(id)_\(secret)", "Bearer\u{0}sdk_\(id)_\(secret)", "Bearersdk_\(id)_\(secret)",
            "Bearer sdk_\(id)_\(secret)_", "Bearer sdk_\(id)x_\(secret)", "Bearer sdk_\(id)_\(secret.dropLast())", "Bearer tok_\(id)_\(secret)",
            "Bearer sdk_\(id)_\(secret)" + String(repeating: " ", count: 200), "Bearer sdk_\(id.dropLast())é_\(secret)",
        ] {
            #expect(AccessToken.parse(authorization: header) == nil, "\(header)")
        }
    }
}

extension AuthTests {
    @Test("an account-bound agent token cannot change another account's tickets", arguments: [
        ("/replies", #"{"author":"agent","body":"hi"}"#), ("/status", #"{"status":"pending"}"#),
        ("/classification", #"{"priority":"high"}"#), ("/assignment", #"{"agent":"a-carla"}"#),
    ])
    func boundAgent(path: String, body: String) async throws {
        let service = try await S.makeService()
        let admin = try await S.adminHeaders(service)
        let bound = try await Self.token(service, [.agent], account: "andes-enterprise")
        try await Application(router: service.makeRouter()).test(.router) { client in
            let id = try await client.execute(uri: "/v1/tickets", method: .post, headers: admin, body: Self.newTicket) { response in
                S.decode(response.body)["id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/tickets/\(id)\(path)", method: .post, headers: bound, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden, "\(path)")
                #expect(S.errorCode(response.body) == "token_account_mismatch")
            }
        }
    }
}
