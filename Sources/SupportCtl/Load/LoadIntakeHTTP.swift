import ArgumentParser
import AsyncHTTPClient
import Broker
import Foundation
import Histogram
import Hummingbird
import Intake
import Logging
import NIOCore
import SupportBus
import SupportDomain
import ZeroMQ

/// `supportctl load intake-http`: the intake service alone, as its own process, with a real
/// broker in this process and this process acknowledging every hand-off as classification
/// would; tickets posted over HTTP keep-alive, each answered only after its durable commit.
struct LoadIntakeHTTP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-http",
        abstract: "Post tickets to an intake process in isolation; accept rate and latency against a minimal Hummingbird endpoint.",
        discussion: """
            Starts the `intake` executable (beside supportctl) on a fresh SQLite file \
            (synchronous=FULL) with its rate limits out of the way, a broker in this process \
            (plain text over ipc), and a classification stand-in here that acknowledges every \
            `ticket.received` hand-off at once, so intake's outbox drains as it would in the suite. \
            Latency is from each ticket's due time to its 201 (coordinated omission corrected).

            The baseline, measured first in the same run with the same client, body and \
            concurrency: a Hummingbird endpoint in this process that answers 201 with a small \
            JSON body and does nothing else.

            Flat out, two more baselines follow: intake's store alone creating as many tickets \
            through its group commit, and SQLite alone writing the same rows, each on a fresh file.

            Examples:
              supportctl load intake-http --tickets 50000 --concurrency 64
              supportctl load intake-http --rate 2000 --duration 30 --json
            """)

    @OptionGroup var pace: LoadPace
    @Option(help: "Requests in flight at once (HTTP/1.1 keep-alive connections).") var concurrency = 64
    @Flag(help: "Skip the baselines (the minimal-Hummingbird one, and intake's store and SQLite alone when flat out).") var noBaseline = false
    @Flag(help: "Print the result as one JSON object.") var json = false

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1…4096") }
    }

    func run() async throws {
        var logger = Logger(label: "support.load")
        logger.logLevel = .warning
        let total = pace.total
        let (warmup, rate) = (pace.warmup, pace.rate)
        let body = ByteBuffer(bytes: try LoadPace.ticketBody())
        let client = HTTPLoadDriver.client(concurrency: concurrency)

        // Baseline: the smallest Hummingbird endpoint, same client, body and concurrency.
        var baseline: HTTPLoadDriver.Outcome?
        if !noBaseline {
            let router = Router()
            router.post("/v1/tickets") { request, _ -> Response in
                _ = try await request.body.collect(upTo: 1 << 20)
                return Response(
                    status: .created, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"id":"01a21695-9a61-74cd-b35e-92e0f8bee8d5","number":1}"#)))
            }
            let port = LoadPort()
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) })
            let server = Task { try await app.runService() }
            while port.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
            baseline = try await HTTPLoadDriver(
                url: "http://127.0.0.1:\(port.value)/v1/tickets", headers: [("content-type", "application/json")], body: body,
                total: total, warmup: warmup, rate: rate, concurrency: concurrency
            ).run(client: client, label: "baseline (minimal Hummingbird)")
            server.cancel()
        }

        // Intake's store alone and SQLite alone, flat out only: what the durable write allows.
        let storeBaseline = noBaseline || rate > 0 ? nil : try await IntakeStoreBaseline.measure(tickets: total, window: concurrency, logger: logger)

        let intake = try await IsolatedIntake(logger: logger)
        defer { intake.stop() }
        let httpPort = intake.httpPort
        let token = intake.token
        let outcome = try await HTTPLoadDriver(
            url: "http://127.0.0.1:\(httpPort)/v1/tickets",
            headers: [("content-type", "application/json"), ("authorization", "Bearer \(token)")], body: body, total: total,
            warmup: warmup, rate: rate, concurrency: concurrency
        ).run(client: client, label: "intake")
        try await client.shutdown()

        let summary = LatencySummary(outcome.latency)
        let stalls = intake.storeStalls()
        let base = baseline.map { LatencySummary($0.latency) }
        if json {
            var object: [String: Any] = [
                "target": "intake-http", "accepted": Int(outcome.latency.totalCount), "acceptedWithWarmup": outcome.accepted, "failed": outcome.failed,
                "ticketsPerSecond": Int(outcome.perSecond), "latencyMs": summary.values, "rate": rate, "concurrency": concurrency,
            ]
            if let baseline, let base {
                object["baseline"] = ["requestsPerSecond": Int(baseline.perSecond), "latencyMs": base.values, "failed": baseline.failed]
            }
            if let storeBaseline { object["storeBaseline"] = storeBaseline.json }
            object["intakeStore"] = stalls.json
            let out = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: out, as: UTF8.self))
        } else {
            print("intake-http load (\(pace.description), \(concurrency) connections):")
            print("  intake: \(outcome.latency.totalCount) tickets committed (after \(warmup) warm-up), \(Int(outcome.perSecond))/s, \(outcome.failed) failed")
            print(summary.row("  accept (HTTP 201)"))
            if let baseline, let base {
                print("  baseline, minimal Hummingbird endpoint: \(Int(baseline.perSecond)) requests/s")
                print(base.row("  baseline (HTTP 201)"))
            }
            print(stalls.line)
            if let storeBaseline { print(storeBaseline.lines) }
        }
        if outcome.failed > 0 { throw ExitCode(1) }
    }
}
