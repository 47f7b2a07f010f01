import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StoreTesting
import SupportStore
import Testing

@testable import Intake

/// Two intake instances sharing one store (issue #13) change the same ticket at once.
@Suite struct ConcurrentChangeTests {
    typealias S = IntakeTestSupport

    /// One instance moves the ticket back and forth between open and pending while the other
    /// reassigns it. A change applied to a stale copy of the ticket would write an old status
    /// back, and the next move would then be refused as a move to the status it already has.
    /// On PostgreSQL only the row lock each change takes (`SELECT … FOR UPDATE`) prevents that;
    /// SQLite has one writer.
    @Test("two intakes changing one ticket at once lose no change", arguments: TestStores.engines)
    func twoIntakesOneTicket(engine: StoreEngine) async throws {
        let location = try await TestStores.offPool { try TestStores.fresh(engine, name: "intake") }
        let first = try await S.makeService(engine: engine, store: location)
        let second = try await S.makeService(engine: engine, store: location)
        let headers = try await S.adminHeaders(first)
        try await second.verifier.reload()
        let rounds = 150
        let agents = ["a-carla", "a-diego"]
        try await Application(router: first.makeRouter()).test(.router) { mover in
            try await Application(router: second.makeRouter()).test(.router) { assigner in
                let body = S.json([
                    "account": "norte-plus", "requester": "nina@norte.example", "channel": "portal", "subject": "Bot parou",
                    "description": "Nenhuma mensagem chega",
                ])
                let id = try await mover.execute(uri: "/v1/tickets", method: .post, headers: headers, body: body) { response in
                    S.decode(response.body)["id"] as? String ?? ""
                }
                async let moves: [String] = {
                    var refused: [String] = []
                    for round in 0..<rounds {
                        let next = round % 2 == 0 ? "pending" : "open"
                        try await mover.execute(
                            uri: "/v1/tickets/\(id)/status", method: .post, headers: headers, body: S.json(["status": next])
                        ) { response in
                            if response.status != .ok { refused.append("round \(round) to \(next): \(S.errorMessage(response.body) ?? "\(response.status)")") }
                        }
                    }
                    return refused
                }()
                async let assignments: [String] = {
                    var refused: [String] = []
                    for round in 0..<rounds {
                        try await assigner.execute(
                            uri: "/v1/tickets/\(id)/assignment", method: .post, headers: headers, body: S.json(["agent": agents[round % 2]])
                        ) { response in
                            if response.status != .ok { refused.append("round \(round): \(response.status)") }
                        }
                    }
                    return refused
                }()
                let (refusedMoves, refusedAssignments) = try await (moves, assignments)
                #expect(refusedMoves.isEmpty, "a stale write put an old status back: \(refusedMoves)")
                #expect(refusedAssignments.isEmpty)
                try await mover.execute(uri: "/v1/tickets/\(id)", method: .get, headers: headers) { response in
                    let ticket = S.decode(response.body)
                    #expect(ticket["status"] as? String == "open")
                    #expect(ticket["assignee"] as? String == agents[(rounds - 1) % 2])
                }
            }
        }
    }
}
