import AsyncHTTPClient
import Foundation
import SupportDomain
import Histogram
import NIOCore
import NIOHTTP1
import Synchronization

/// The HTTP side of every `supportctl load` run that posts: `concurrency` connections sending
/// `total` POSTs, flat out or open loop at `rate`, each timed from the moment it was due (so a
/// stalled server is charged for the requests it held back: coordinated omission corrected).
/// The first `warmup` requests are sent but not measured.
struct HTTPLoadDriver: Sendable {
    var url: String
    var headers: [(String, String)]
    var body: ByteBuffer
    var total: Int
    var warmup: Int
    var rate: Double
    var concurrency: Int
    /// The status that counts as accepted.
    var expected: HTTPResponseStatus = .created

    typealias Outcome = LoadOutcome

    /// The client a load run posts with: one connection per request in flight, and no span
    /// bookkeeping (no tracer is bootstrapped), so the load tool takes as little as it can of
    /// the cores it shares with the service it measures.
    static func client(concurrency: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency))
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let accepted = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
        let state = Mutex<(first: ContinuousClock.Instant?, last: ContinuousClock.Instant?, latency: Histogram<UInt64>)>(
            (nil, nil, LoadOutcome.emptyHistogram()))
    }

    /// Runs the requests; `answered` gets each accepted response body with its due time and
    /// whether it is measured (for callers that follow the request further, like end to end).
    func run(
        client: HTTPClient, label: String,
        answered: @escaping @Sendable (ByteBuffer, ContinuousClock.Instant, Bool) -> Void = { _, _, _ in }
    ) async throws -> Outcome {
        let shared = Shared()
        let start = ContinuousClock.now
        let interval = rate > 0 ? Duration.nanoseconds(Int64(1e9 / rate)) : nil
        let total = total
        let reporter = Task {
            var progress = ProgressLine()
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                progress.update(
                    "\(label): sent \(min(shared.next.load(ordering: .relaxed), total))/\(total), accepted \(shared.accepted.load(ordering: .relaxed)), failed \(shared.failed.load(ordering: .relaxed))"
                )
            }
        }
        defer { reporter.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { [self] in
                    while true {
                        let index = shared.next.add(1, ordering: .relaxed).oldValue
                        guard index < total else { return }
                        let due = interval.map { start + $0 * index } ?? ContinuousClock.now
                        if interval != nil { try? await Task.sleep(until: due) }
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        for (name, value) in headers { request.headers.add(name: name, value: value) }
                        request.body = .bytes(body)
                        do {
                            let response = try await client.execute(request, timeout: .seconds(30))
                            let answer = try await response.body.collect(upTo: 1 << 20)
                            let now = ContinuousClock.now
                            guard response.status == expected else {
                                shared.failed.add(1, ordering: .relaxed)
                                continue
                            }
                            shared.accepted.add(1, ordering: .relaxed)
                            let measured = index >= warmup
                            if measured {
                                shared.state.withLock { state in
                                    if state.first == nil || due < state.first! { state.first = due }
                                    state.last = max(state.last ?? now, now)
                                    _ = state.latency.record(Self.micros(now - due))
                                }
                            }
                            answered(answer, due, measured)
                        } catch {
                            shared.failed.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        reporter.cancel()
        ProgressLine().finish()
        return shared.state.withLock { state in
            Outcome(
                accepted: shared.accepted.load(ordering: .relaxed), failed: shared.failed.load(ordering: .relaxed),
                seconds: state.first.flatMap { first in state.last.map { ($0 - first).seconds } } ?? 0, latency: state.latency)
        }
    }

    static func micros(_ duration: Duration) -> UInt64 { UInt64(max(0, duration.seconds * 1e6)) }
}

/// What a request-driving load run measured (HTTP or ZeroMQ).
struct LoadOutcome: Sendable {
    var accepted: Int
    var failed: Int
    /// From the due time of the first measured request to the answer of the last.
    var seconds: Double
    /// Microseconds from each measured request's due time to its answer.
    var latency: Histogram<UInt64>
    var perSecond: Double { seconds > 0 ? Double(latency.totalCount) / seconds : 0 }

    static func emptyHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    }
}

/// p50, p90, p99, p99.9 and max of a histogram of microseconds, in milliseconds.
struct LatencySummary {
    var values: [String: Double]

    static let order = ["p50", "p90", "p99", "p99.9", "max"]

    init(_ histogram: Histogram<UInt64>) {
        guard histogram.totalCount > 0 else {
            values = [:]
            return
        }
        values = [
            "p50": Double(histogram.valueAtPercentile(50)) / 1000, "p90": Double(histogram.valueAtPercentile(90)) / 1000,
            "p99": Double(histogram.valueAtPercentile(99)) / 1000, "p99.9": Double(histogram.valueAtPercentile(99.9)) / 1000,
            "max": Double(histogram.max) / 1000,
        ]
    }

    /// One line: `name  p50 1.23  p90 …  ms`.
    func row(_ name: String) -> String {
        name.padding(toLength: 27, withPad: " ", startingAt: 0)
            + Self.order.map { "\($0) \(String(format: "%.2f", values[$0] ?? 0))" }.joined(separator: "  ") + "  ms"
    }
}
