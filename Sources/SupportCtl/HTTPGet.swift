import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One GET with AsyncHTTPClient: status and body, or nil when nothing answered in time.
/// (Not URLSession: FoundationNetworking would tie supportctl to libcurl, and the container
/// images link the Swift runtime statically.)
enum HTTPGet {
    static func fetch(_ url: String, timeout seconds: Double = 3) async -> (status: Int, body: String)? {
        do {
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: url), timeout: .milliseconds(Int64(seconds * 1000)))
            let body = try await response.body.collect(upTo: 8 << 20)
            return (Int(response.status.code), String(buffer: body))
        } catch {
            return nil
        }
    }
}
