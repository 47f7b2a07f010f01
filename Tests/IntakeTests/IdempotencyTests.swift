import Foundation
import StoreTesting
import SupportStore
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SupportBus
import Testing

@testable import Intake

@Suite struct IdempotencyTests {
    typealias S = IntakeTestSupport
    static let body = #"{"account":"norte-plus","requester":"nina@norte.example","channel":"portal","subject":"Bot parou"}"#

    @Test("a retry with the same Idempotency-Key returns the first ticket instead of a second", arguments: TestStores.engines)
    func retry(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        var headers = try await S.adminHeaders(service)
        headers[HTTPField.Name("Idempotency-Key")!] = "retry-42"
        let keyed = headers
        try await Application(router: service.makeRouter()).test(.router) { client in
            func post(_ body: String, _ headers: HTTPFields) async throws -> (HTTPResponse.Status, String?, String?) {
                try await client.execute(uri: "/v1/tickets", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    (response.status, S.decode(response.body)["id"] as? String, response.headers[HTTPField.Name("Idempotent-Replayed")!])
                }
            }
            let first = try await post(Self.body, keyed)
            let again = try await post(Self.body, keyed)
            #expect(first.0 == .created && again.0 == .created)
            #expect(first.1 == again.1 && first.1 != nil)
            #expect(first.2 == nil && again.2 == "true")
            let changed = try await post(Self.body.replacingOccurrences(of: "Bot parou", with: "Outro"), keyed)
            #expect(changed.0 == .conflict)
            var other = keyed
            other[HTTPField.Name("Idempotency-Key")!] = "retry-43"
            #expect(try await post(Self.body, other).1 != first.1)
            var bad = keyed
            bad[HTTPField.Name("Idempotency-Key")!] = "has space"
            #expect(try await post(Self.body, bad).0 == .unprocessableContent)
        }
        let tickets = try await service.store.storage.read { try $0.row("SELECT COUNT(*) FROM ticket")?.int(0) }
        #expect(tickets == 2)
    }

    @Test("maintenance forgets processed event ids past the retention and expired keys", arguments: TestStores.engines)
    func maintenance(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let now = Date()
        try await service.store.storage.write { db in
            _ = try OutboxTable.markProcessed("old", at: now.timeIntervalSince1970 - 8 * 86_400, in: db)
            _ = try OutboxTable.markProcessed("new", at: now.timeIntervalSince1970, in: db)
        }
        let removed = try await StoreMaintenance(store: service.store.storage, logger: .init(label: "t"), extra: TicketStore.pruneIdempotencyKeys)
            .pass(now: now)
        #expect(removed == 1)
        let left = try await service.store.storage.read { try $0.rows("SELECT event_id FROM inbox", []).map { try $0.string(0) } }
        #expect(left == ["new"])
    }
}
