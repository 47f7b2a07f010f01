import ArgumentParser
import Foundation
import Histogram
import Logging
import Synchronization
import ZeroMQ

/// `supportctl load intake-zmq`: tickets over ZeroMQ (SDT1) to an intake process in
/// isolation, against raw libzmq answering the same frames in the same run.
struct LoadIntakeZMQ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-zmq",
        abstract: "Pipeline tickets over ZeroMQ to an intake process in isolation; rate and latency against raw libzmq.",
        discussion: """
            The intake executable runs alone as for `load intake-http` (fresh SQLite file, \
            synchronous=FULL, a broker and a classification stand-in in this process), with its \
            ZeroMQ ticket endpoint on ipc. One DEALER keeps --window requests outstanding; each \
            answer comes after its ticket is durable. Latency is from each request's due time.

            The baseline, measured first in the same run: a ROUTER on its own thread answering \
            every request with a fixed 201 reply, same frames, same window, nothing else.

            Flat out, two more baselines follow: intake's store alone creating as many tickets \
            through its group commit, and SQLite alone writing the same rows, each on a fresh file.

            Examples:
              supportctl load intake-zmq --tickets 50000 --window 512
              supportctl load intake-zmq --rate 5000 --duration 20 --json
            """)

    @OptionGroup var pace: LoadPace
    @Option(help: "Requests outstanding at once on the connection.") var window = 512
    @Flag(help: "Skip the raw-libzmq baseline.") var noBaseline = false
    @Flag(help: "Print the result as one JSON object.") var json = false

    func validate() throws {
        guard (1...100_000).contains(window) else { throw ValidationError("--window must be 1…100000") }
    }

    func run() async throws {
        var logger = Logger(label: "support.load")
        logger.logLevel = .warning
        let total = pace.total
        let (warmup, rate) = (pace.warmup, pace.rate)
        let body = try LoadPace.ticketBody()
        let context = try Context()

        var baseline: LoadOutcome?
        if !noBaseline {
            let endpoint = "ipc://" + NSTemporaryDirectory() + "sdt1-echo-\(UUID().uuidString)"
            let echo = try EchoRouter(context: context, endpoint: endpoint)
            baseline = try await ZMQRequestDriver(
                endpoint: endpoint, authorization: "Bearer x", body: body, total: total, warmup: warmup, rate: rate,
                window: window, label: "baseline (raw libzmq)"
            ).run(context: context)
            echo.stop()
        }

        // Intake's store alone and SQLite alone, flat out only: what the durable write allows.
        let storeBaseline = noBaseline || rate > 0 ? nil : try await IntakeStoreBaseline.measure(tickets: total, window: window, logger: logger)

        let intake = try await IsolatedIntake(logger: logger)
        defer { intake.stop() }
        let outcome = try await ZMQRequestDriver(
            endpoint: intake.zmqEndpoint, authorization: "Bearer \(intake.token)", body: body, total: total, warmup: warmup,
            rate: rate, window: window, label: "intake"
        ).run(context: context)

        let summary = LatencySummary(outcome.latency)
        let stalls = intake.storeStalls()
        let base = baseline.map { LatencySummary($0.latency) }
        if json {
            var object: [String: Any] = [
                "target": "intake-zmq", "accepted": Int(outcome.latency.totalCount), "failed": outcome.failed,
                "ticketsPerSecond": Int(outcome.perSecond), "latencyMs": summary.values, "rate": rate, "window": window,
            ]
            if let baseline, let base {
                object["baseline"] = ["requestsPerSecond": Int(baseline.perSecond), "latencyMs": base.values, "failed": baseline.failed]
            }
            if let storeBaseline { object["storeBaseline"] = storeBaseline.json }
            object["intakeStore"] = stalls.json
            let out = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: out, as: UTF8.self))
        } else {
            print("intake-zmq load (\(pace.description), \(window) outstanding):")
            print("  intake: \(outcome.latency.totalCount) tickets committed (after \(warmup) warm-up), \(Int(outcome.perSecond))/s, \(outcome.failed) failed")
            print(summary.row("  answer (201)"))
            if let baseline, let base {
                print("  baseline, raw libzmq ROUTER answering the same frames: \(Int(baseline.perSecond)) requests/s")
                print(base.row("  baseline (201)"))
            }
            print(stalls.line)
            if let storeBaseline { print(storeBaseline.lines) }
        }
        if outcome.failed > 0 { throw ExitCode(1) }
    }
}

/// The baseline server: a ROUTER on its own thread (made, bound and used there) that answers
/// every SDT1 request at once with a fixed 201.
private final class EchoRouter: Sendable {
    private let stopping = Atomic<Bool>(false)
    /// 0 starting, 1 listening, -1 could not bind.
    private let state = Atomic<Int>(0)

    init(context: Context, endpoint: String) throws {
        let reply = Array(#"{"id":"01a21695-9a61-74cd-b35e-92e0f8bee8d5","number":1}"#.utf8)
        let thread = Thread { [self] in
            guard let socket = try? Socket(context: context, type: .router) else {
                self.state.store(-1, ordering: .releasing)
                return
            }
            defer { socket.close() }
            do {
                try socket.set(.linger, 0)
                try socket.set(.sendHighWaterMark, 0)
                try socket.set(.receiveHighWaterMark, 0)
                try socket.set(.receiveTimeout, 100)
                _ = try socket.bind(endpoint)
            } catch {
                self.state.store(-1, ordering: .releasing)
                return
            }
            self.state.store(1, ordering: .releasing)
            while !self.stopping.load(ordering: .relaxed) {
                guard let request = try? socket.receive(), request.count >= 3 else { continue }
                _ = try? socket.send(Multipart([request[0], request[1], request[2], Array("201".utf8), reply]))
            }
        }
        thread.name = "load-echo"
        thread.start()
        while state.load(ordering: .acquiring) == 0 { usleep(1000) }
        guard state.load(ordering: .acquiring) == 1 else { throw Unavailable("the baseline ROUTER could not bind \(endpoint)") }
    }

    func stop() { stopping.store(true, ordering: .relaxed) }
}
