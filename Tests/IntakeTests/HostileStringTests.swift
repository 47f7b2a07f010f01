import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Intake

/// The Big List of Naughty Strings from ../shared (third-party data, not copied into the repo):
/// every string is either accepted and given back exactly, or refused with a 4xx in our shape.
@Suite struct HostileStringTests {
    static let blns: [String]? = {
        let url = IntakeTestSupport.repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/hostile-strings/blns.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String]
    }()

    @Test(
        "every naughty string is stored exactly or refused cleanly",
        .enabled(if: blns != nil, "../shared/hostile-strings/blns.json is not present on this machine"))
    func naughtyStrings() async throws {
        let strings = try #require(Self.blns)
        let service = try await IntakeTestSupport.makeService()
        let headers = try await IntakeTestSupport.adminHeaders(service)
        let (accepted, refused) = try await Application(router: service.makeRouter()).test(.router) { client in
            var accepted = 0
            var refused = 0
            for text in strings {
                let body = IntakeTestSupport.json([
                    "account": "norte-plus", "requester": "nina@norte.example", "channel": "portal",
                    "subject": text.isEmpty ? "empty description case" : text, "description": text,
                ])
                let (status, responseBody) = try await client.execute(
                    uri: "/v1/tickets", method: .post, headers: headers, body: body
                ) { response in (response.status, response.body) }
                #expect(status.code < 500, "\(text.debugDescription)")
                var id: String?
                if status == .created {
                    id = IntakeTestSupport.decode(responseBody)["id"] as? String
                    accepted += 1
                } else {
                    #expect(IntakeTestSupport.errorCode(responseBody) != nil)
                    refused += 1
                }
                if let id {
                    try await client.execute(uri: "/v1/tickets/\(id)", method: .get, headers: headers) { response in
                        #expect(IntakeTestSupport.decode(response.body)["description"] as? String == text, "\(text.debugDescription)")
                    }
                }
            }
            return (accepted, refused)
        }
        #expect(accepted + refused == strings.count)
        #expect(accepted > strings.count * 9 / 10)
    }
}
