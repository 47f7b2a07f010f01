import ArgumentParser
import Foundation

/// How many requests a load run sends and how fast: the options every request-driven target
/// (`end-to-end`, `intake-http`, `intake-zmq`, `classification`) shares.
struct LoadPace: ParsableArguments {
    @Option(help: "Requests to send after the warm-up (ignored with --duration).") var tickets = 20_000
    @Option(help: "Seconds to send for, at --rate (instead of --tickets).") var duration: Double?
    @Option(help: "Requests a second, open loop (latency from each one's due time); 0 sends flat out.") var rate: Double = 0
    @Option(help: "Requests sent first and not measured.") var warmup = 1_000

    func validate() throws {
        guard (1...10_000_000).contains(tickets) else { throw ValidationError("--tickets must be 1…10000000") }
        guard rate >= 0 && rate <= 1_000_000 else { throw ValidationError("--rate must be 0…1000000 a second") }
        if let duration {
            guard rate > 0 && duration > 0 && duration <= 86_400 else {
                throw ValidationError("--duration needs --rate and 0 < seconds ≤ 86400")
            }
        }
        guard (0...1_000_000).contains(warmup) else { throw ValidationError("--warmup must be 0…1000000") }
    }

    /// Requests in all, warm-up included.
    var total: Int { warmup + (duration.map { Int($0 * rate) } ?? tickets) }

    /// "open loop at 2000/s" or "flat out", for result lines.
    var description: String { rate > 0 ? "open loop at \(Int(rate))/s" : "flat out" }
}

extension LoadPace {
    /// The body of every load ticket: an entitled requester on the portal, a typical incident.
    static func ticketBody(account: String = "norte-plus", requester: String = "nina@norte.example") throws -> [UInt8] {
        Array(
            try JSONSerialization.data(withJSONObject: [
                "account": account, "requester": requester, "channel": "portal", "subject": "load test: the bot stopped answering",
                "description": "Since 10:00 no customer gets an answer from the bot; it is down for everyone.",
            ]))
    }
}
