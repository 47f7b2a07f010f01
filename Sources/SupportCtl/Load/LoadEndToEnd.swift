import ArgumentParser
import AsyncHTTPClient
import Foundation
import SupportDomain
import Histogram
import NIOCore
import NIOHTTP1
import SupportBus
import Synchronization
import ZeroMQ

/// `supportctl load end-to-end`: tickets posted over HTTP to a running suite, each followed to
/// its delivered acknowledgement on the bus; throughput and latency as the customer sees it.
struct LoadEndToEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end-to-end",
        abstract: "Post tickets to a running suite and time each one to its delivered acknowledgement.",
        discussion: """
            Reads <data-dir>/suite.json (written by `supportctl up`) for the API and bus, the \
            operator token and the bus keys. Each ticket is timed from the moment it was due to \
            be sent (open loop with --rate, so a stalled server is charged for the tickets it \
            delayed: coordinated omission corrected) to the `notification.sent` event of its \
            acknowledgement on the bus. Both accept latency (HTTP 201) and end-to-end latency \
            go into HDR histograms.

            The suite's per-token rate limit and burst digests would throttle a load run on \
            purpose; start it without them:
              HTTP_RATE_LIMIT_PER_TOKEN=10000000 HTTP_RATE_LIMIT_PER_ACCOUNT=10000000 \\
              NOTIFICATION_DIGEST_LIMIT=0 supportctl up --data-dir data

            Examples:
              supportctl load end-to-end --tickets 20000 --concurrency 64
              supportctl load end-to-end --rate 2000 --duration 60 --json
            """)

    @Option(help: "The folder `supportctl up` runs in.") var dataDir = "data"
    @OptionGroup var pace: LoadPace
    @Option(help: "Requests in flight at once.") var concurrency = 64
    @Option(help: "Seconds to wait for the last acknowledgements.") var drain: Double = 60
    @Option(help: "Account of the requester.") var account = "norte-plus"
    @Option(help: "Requester (entitled to the portal channel).") var requester = "nina@norte.example"
    @Flag(help: "Print the result as one JSON object.") var json = false

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1…4096") }
    }

    func run() async throws {
        let data = URL(fileURLWithPath: dataDir)
        guard let suiteData = try? Data(contentsOf: data.appendingPathComponent("suite.json")),
            let suite = try JSONSerialization.jsonObject(with: suiteData) as? [String: Any], let http = suite["http"] as? String,
            let subscribe = suite["subscribe"] as? String
        else {
            throw ValidationError("no suite in \(dataDir) (suite.json with http and subscribe); start one with `supportctl up --data-dir \(dataDir)`")
        }
        let token = try String(contentsOf: data.appendingPathComponent("operator.token"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let credentials = try BusKeyring(folder: data.appendingPathComponent("keys")).credentials(for: .operator)

        // Subscribe first (and wait for the broker's welcome), so no acknowledgement is missed.
        let loop = SocketLoop(
            context: try Context(), name: "load-e2e",
            sockets: [
                SocketSpec(
                    .subscriber, connect: [subscribe], subscriptions: ["notification.sent", BusEndpoints.welcome],
                    options: [(.receiveHighWaterMark, 0)], byteOptions: credentials.clientOptions, receiveBuffer: 1_000_000)
            ])
        try await loop.start()
        let early = try await Tail.awaitWelcome(loop.messages(from: 0), timeout: 5)
        let ledger = Ledger()
        let listener = Task {
            for message in early { ledger.acknowledged(message) }
            for await message in loop.messages(from: 0) { ledger.acknowledged(message) }
        }

        let client = HTTPLoadDriver.client(concurrency: concurrency)
        let total = pace.total
        let (warmup, rate) = (pace.warmup, pace.rate)
        let body = ByteBuffer(bytes: try LoadPace.ticketBody(account: account, requester: requester))
        let driver = HTTPLoadDriver(
            url: "\(http)/v1/tickets", headers: [("content-type", "application/json"), ("authorization", "Bearer \(token)")],
            body: body, total: total, warmup: warmup, rate: rate, concurrency: concurrency)
        let outcome = try await driver.run(client: client, label: "end to end") { answer, due, measured in
            guard let object = try? JSONSerialization.jsonObject(with: Data(answer.readableBytesView)) as? [String: Any],
                let id = object["id"] as? String
            else { return }
            ledger.accepted(id, due: due, measured: measured)
        }
        let sendEnd = ContinuousClock.now
        let drainDeadline = sendEnd + .milliseconds(Int64(drain * 1000))
        while ContinuousClock.now < drainDeadline && !ledger.complete { try await Task.sleep(for: .milliseconds(100)) }
        listener.cancel()
        await loop.stop()
        try await client.shutdown()

        let result = ledger.result(outcome)
        if json {
            var object = result.json
            object["target"] = "end-to-end"
            object["rate"] = rate
            object["concurrency"] = concurrency
            let out = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: out, as: UTF8.self))
        } else {
            print(result.text(pace: pace.description, concurrency: concurrency))
        }
        if result.acknowledged < result.accepted { throw ExitCode(1) }
    }
}

/// What the load run saw, shared by the sending tasks and the bus listener.
private final class Ledger: Sendable {
    private struct State {
        var due: [String: (ContinuousClock.Instant, Bool)] = [:]
        var early: [String: ContinuousClock.Instant] = [:]
        var accepted = 0
        var acknowledged = 0
        var measuredAccepted = 0
        var measuredAcknowledged = 0
        var firstMeasured: ContinuousClock.Instant?
        var lastAcknowledged: ContinuousClock.Instant?
        var endToEnd = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    }
    private let state = Mutex(State())

    var counts: (Int, Int) { state.withLock { ($0.accepted, $0.acknowledged) } }
    var complete: Bool { state.withLock { $0.due.isEmpty && $0.accepted > 0 } }

    /// A 201 for ticket `id`, due at `due`; latencies are recorded in microseconds.
    func accepted(_ id: String, due: ContinuousClock.Instant, measured: Bool) {
        state.withLock { state in
            state.accepted += 1
            if measured {
                state.measuredAccepted += 1
                if state.firstMeasured == nil || due < state.firstMeasured! { state.firstMeasured = due }
            }
            if let seen = state.early.removeValue(forKey: id) {
                Self.finish(&state, due: due, measured: measured, at: seen)
            } else {
                state.due[id] = (due, measured)
            }
        }
    }

    /// A `notification.sent` message; only ticket acknowledgements count.
    func acknowledged(_ message: Multipart) {
        guard message.count == 2 else { return }
        let now = ContinuousClock.now
        // A byte search, not a JSON decode: this process shares two cores with the suite it
        // measures, and only the ticket id and the template are needed.
        let bytes = message[1]
        guard Self.contains(bytes, #""template":"ticket.acknowledgement""#), let id = Self.value(bytes, after: #""ticketId":""#) else { return }
        state.withLock { state in
            if let (due, measured) = state.due.removeValue(forKey: id) {
                Self.finish(&state, due: due, measured: measured, at: now)
            } else {
                state.early[id] = now
            }
        }
    }

    private static func finish(_ state: inout State, due: ContinuousClock.Instant, measured: Bool, at: ContinuousClock.Instant) {
        state.acknowledged += 1
        guard measured else { return }
        state.measuredAcknowledged += 1
        state.lastAcknowledged = max(state.lastAcknowledged ?? at, at)
        _ = state.endToEnd.record(HTTPLoadDriver.micros(at - due))
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool { index(of: Array(text.utf8), in: bytes) != nil }

    static func value(_ bytes: [UInt8], after prefix: String) -> String? {
        let needle = Array(prefix.utf8)
        guard let at = index(of: needle, in: bytes) else { return nil }
        let start = at + needle.count
        guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func index(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    struct Result {
        var accepted: Int
        var acknowledged: Int
        var failures: Int
        var ticketsPerSecond: Double
        var acceptRate: Double
        var accept: LatencySummary
        var endToEnd: LatencySummary

        var json: [String: Any] {
            [
                "accepted": accepted, "acknowledged": acknowledged, "failed": failures,
                "ticketsPerSecond": Int(ticketsPerSecond), "acceptedPerSecond": Int(acceptRate),
                "acceptLatencyMs": accept.values, "endToEndLatencyMs": endToEnd.values,
            ]
        }

        func text(pace: String, concurrency: Int) -> String {
            """
            end-to-end load (\(pace), \(concurrency) in flight):
              \(accepted) tickets accepted (\(Int(acceptRate))/s), \(acknowledged) acknowledgements delivered, \(failures) failed requests
              throughput: \(Int(ticketsPerSecond)) tickets/s from due time of the first to delivery of the last acknowledgement
            \(accept.row("  accept (HTTP 201)"))
            \(endToEnd.row("  end to end (delivered)"))
            """
        }
    }

    func result(_ outcome: HTTPLoadDriver.Outcome) -> Result {
        state.withLock { state in
            let span = state.firstMeasured.flatMap { first in state.lastAcknowledged.map { ($0 - first).seconds } } ?? 0
            return Result(
                accepted: state.measuredAccepted, acknowledged: state.measuredAcknowledged, failures: outcome.failed,
                ticketsPerSecond: span > 0 ? Double(state.measuredAcknowledged) / span : 0, acceptRate: outcome.perSecond,
                accept: LatencySummary(outcome.latency), endToEnd: LatencySummary(state.endToEnd))
        }
    }
}
