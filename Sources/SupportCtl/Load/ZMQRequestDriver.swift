import Foundation
import SupportRuntime
import SupportDomain
import Histogram
import Synchronization
import ZeroMQ

/// Pipelined SDT1 requests from one DEALER, on a thread of its own (zmq calls block; none runs
/// on the Swift concurrency pool): at most `window` outstanding, flat out or open loop at
/// `rate`, each timed from the moment it was due to its reply (coordinated omission
/// corrected). The first `warmup` are sent but not measured.
struct ZMQRequestDriver: Sendable {
    var endpoint: String
    var authorization: String
    var body: [UInt8]
    var total: Int
    var warmup: Int
    var rate: Double
    var window: Int
    var label: String

    func run(context: Context) async throws -> LoadOutcome {
        try await DedicatedThread.run(name: "load-zmq") { try drive(context: context) }
    }

    private func drive(context: Context) throws -> LoadOutcome {
        let socket = try Socket(context: context, type: .dealer)
        defer { socket.close() }
        try socket.set(.linger, 0)
        try socket.set(.sendHighWaterMark, 0)
        try socket.set(.receiveHighWaterMark, 0)
        try socket.connect(endpoint)
        var poller = Poller()
        poller.add(socket)
        let run = UUID().uuidString.prefix(8)
        let tag = Array("SDT1".utf8)
        let auth = Array(authorization.utf8)
        let interval = rate > 0 ? Duration.nanoseconds(Int64(1e9 / rate)) : nil
        var due = [ContinuousClock.Instant](repeating: .now, count: total)
        var latency = LoadOutcome.emptyHistogram()
        var (sent, received, accepted, failed) = (0, 0, 0, 0)
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?
        var progress = ProgressLine()
        let start = ContinuousClock.now
        while received < total {
            var now = ContinuousClock.now
            while sent < total && sent - received < window {
                let at = interval.map { start + $0 * sent } ?? now
                if at > now { break }
                due[sent] = at
                _ = try socket.send(Multipart([tag, Array("\(run)-\(sent)".utf8), auth, body]))
                sent += 1
                now = ContinuousClock.now
            }
            // Wake for the next reply, or at the next request's due time: to the microsecond,
            // since at more than 1,000 a second it is under a millisecond away, and a poll of
            // zero milliseconds would spin a core the measured service then lacks.
            let nextDue = interval.flatMap { step -> ContinuousClock.Instant? in
                guard sent < total, sent - received < window else { return nil }
                return start + step * sent
            }
            _ = try poller.poll(timeout: nextDue.map { $0 - ContinuousClock.now } ?? .milliseconds(100))
            while let reply = try socket.receive(dontWait: true) {
                received += 1
                let now = ContinuousClock.now
                guard reply.count == 4, let id = reply.string(at: 1), let index = id.split(separator: "-").last.flatMap({ Int($0) }),
                    index < total
                else {
                    failed += 1
                    continue
                }
                guard reply.string(at: 2) == "201" else {
                    failed += 1
                    continue
                }
                accepted += 1
                if index >= warmup {
                    first = min(first ?? due[index], due[index])
                    last = max(last ?? now, now)
                    _ = latency.record(HTTPLoadDriver.micros(now - due[index]))
                }
            }
            progress.update("\(label): sent \(sent)/\(total), answered \(received), failed \(failed)")
        }
        progress.finish()
        return LoadOutcome(
            accepted: accepted, failed: failed, seconds: first.flatMap { f in last.map { ($0 - f).seconds } } ?? 0, latency: latency)
    }
}
