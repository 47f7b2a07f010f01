import Foundation
import StoreTesting
import SupportStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SupportBus
import SupportDomain
import Testing

@testable import Intake

/// The agent's queue: `GET /v1/tickets` filters, order, pages; assignment.
@Suite struct QueueTests {
    typealias S = IntakeTestSupport

    static func post(_ client: some TestClientProtocol, _ headers: HTTPFields, _ account: String, _ requester: String, channel: String = "portal")
        async throws -> String
    {
        let body = ByteBuffer(string: #"{"account":"\#(account)","requester":"\#(requester)","channel":"\#(channel)","subject":"s"}"#)
        return try await client.execute(uri: "/v1/tickets", method: .post, headers: headers, body: body) { response in
            S.decode(response.body)["id"] as? String ?? ""
        }
    }

    /// Feeds intake the sla.started the sla service would send, with a chosen due time.
    static func started(_ service: IntakeService, ticket id: String, due: Date, breached: Bool = false) async throws {
        let calendar = BusinessCalendar.twentyFourSeven
        var clock = SLAClock(kind: .resolution, target: SLATarget(duration: .seconds(3600), calendar: calendar), start: due.addingTimeInterval(-3600))
        clock.breached = breached
        let summary = TicketSummary(
            id: id, number: 1, account: "a", planGroup: .standard, requester: "u", requesterName: "U", requesterEmail: "u@x",
            requesterPhone: nil, requesterLanguage: .en, requesterTimeZone: nil, channel: .portal, subject: "s", type: .doubt,
            priority: .normal, createdAt: Date())
        let envelope = EventFactory(service: "test").envelope(.slaStarted(SLAStarted(ticket: summary, clocks: [ClockState(clock)])))
        try await service.store.apply([envelope])
    }

    static func page(_ client: some TestClientProtocol, _ headers: HTTPFields, _ query: String) async throws -> ([String], String?) {
        try await client.execute(uri: "/v1/tickets?" + query, method: .get, headers: headers) { response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let body = S.decode(response.body)
            let ids = (body["tickets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            return (ids, body["nextCursor"] as? String)
        }
    }

    @Test("the queue is sorted by next due, filtered, and paged without loss or repeat", arguments: TestStores.engines)
    func queue(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let headers = try await S.adminHeaders(service)
        try await Application(router: service.makeRouter()).test(.router) { client in
            var ids: [String] = []
            for i in 0..<7 {
                ids.append(try await Self.post(client, headers, "norte-plus", "nina@norte.example", channel: i == 0 ? "email" : "portal"))
            }
            let now = Date()
            // Due times in reverse creation order; ids[6] is due first. ids[2] is breached.
            for (index, id) in ids.enumerated() {
                try await Self.started(service, ticket: id, due: now.addingTimeInterval(Double(10 - index) * 3600), breached: index == 2)
            }
            let (first, cursor) = try await Self.page(client, headers, "limit=3")
            #expect(first == Array(ids.reversed().prefix(3)))
            var all = first
            var next = cursor
            while let token = next {
                let (more, following) = try await Self.page(client, headers, "limit=3&cursor=\(token)")
                all += more
                next = following
            }
            #expect(all == Array(ids.reversed()), "every ticket once, in due order")
            #expect(try await Self.page(client, headers, "sla=breached").0 == [ids[2]])
            #expect(try await Self.page(client, headers, "channel=email").0 == [ids[0]])
            #expect(try await Self.page(client, headers, "sort=created&limit=2").0 == Array(ids.prefix(2)))
            #expect(try await Self.page(client, headers, "account=globex-super").0.isEmpty)

            // Assignment, then the assignee's queue.
            try await client.execute(
                uri: "/v1/tickets/\(ids[4])/assignment", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"agent":"a-carla","team":"l1"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(S.decode(response.body)["assignee"] as? String == "a-carla")
            }
            #expect(try await Self.page(client, headers, "assignee=a-carla").0 == [ids[4]])
            try await client.execute(
                uri: "/v1/tickets/\(ids[4])/assignment", method: .post, headers: headers, body: ByteBuffer(string: #"{"agent":"nobody"}"#)
            ) { response in #expect(response.status == .unprocessableContent) }
        }
    }

    @Test("bad query parameters get 422; an account-bound token sees only its account", arguments: [
        "status=maybe", "limit=0", "limit=500", "cursor=%%%", "createdAfter=yesterday", "sla=late", "colour=red", "sort=name",
    ])
    func badQueries(query: String) async throws {
        let service = try await S.makeService()
        let headers = try await S.adminHeaders(service)
        try await Application(router: service.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/v1/tickets?" + query, method: .get, headers: headers) { response in
                #expect(response.status == .unprocessableContent, "\(query)")
                #expect(S.errorCode(response.body) == "invalid_field")
            }
        }
    }

    @Test("an account-bound token lists its own account's tickets only", arguments: TestStores.engines)
    func boundQueue(engine: StoreEngine) async throws {
        let service = try await S.makeService(engine: engine)
        let admin = try await S.adminHeaders(service)
        let token = try await service.store.createToken(name: "portal", scopes: [.ticketsRead], account: "globex-super")
        try await service.verifier.reload()
        let bound: HTTPFields = [.authorization: "Bearer \(token)"]
        try await Application(router: service.makeRouter()).test(.router) { client in
            _ = try await Self.post(client, admin, "norte-plus", "nina@norte.example")
            let mine = try await Self.post(client, admin, "globex-super", "grace@globex.example")
            #expect(try await Self.page(client, bound, "").0 == [mine])
            try await client.execute(uri: "/v1/tickets?account=norte-plus", method: .get, headers: bound) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
