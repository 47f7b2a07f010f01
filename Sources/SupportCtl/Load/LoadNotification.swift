import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import Notification
import SupportDomain
import SupportRuntime
import Synchronization

/// `supportctl load notification`: deliveries a second to a local webhook receiver, through
/// the service's own dispatcher and store, against raw HTTP POSTs to the same receiver.
struct LoadNotification: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notification",
        abstract: "Measure webhook deliveries a second through the notification dispatcher.",
        discussion: """
            Queues --deliveries messages in a fresh store (synchronous=FULL), then runs the \
            dispatcher the service runs: signed JSON POSTs to a Hummingbird receiver in this \
            process, --concurrency in flight, outcomes committed 256 to a transaction while the next \
            deliveries go out. \
            The baseline in the same run posts the same bodies with the same client and \
            concurrency, with no store and no signing. Each phase also reports the CPU time \
            this process spent per delivery (receiver included): steadier than the rate on a \
            machine whose neighbours change its speed from run to run.

            Examples:
              swift run -c release supportctl load notification
              supportctl load notification --deliveries 50000 --concurrency 128 --json
            """)

    @Option(help: "Deliveries to send.") var deliveries = 20_000
    @Option(help: "Deliveries in flight at once.") var concurrency = 64
    @Flag(help: "Print the result as one JSON object.") var json = false

    func validate() throws {
        guard (100...10_000_000).contains(deliveries) else { throw ValidationError("--deliveries must be 100…10000000") }
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be 1…1024") }
    }

    func run() async throws {
        let received = Counter()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            _ = try await request.body.collect(upTo: 1 << 20)
            received.add()
            return .ok
        }
        let port = LoadPort()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        while port.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let url = "http://127.0.0.1:\(port.value)/hook"
        var progress = ProgressLine()

        // Baseline: the same POSTs, same client and concurrency, no store, no signature.
        let body = Array(#"{"deliveryId":"x","template":"ticket.acknowledgement","subject":"load","body":"hello"}"#.utf8)
        let baselineCPU = ProcessCPU.seconds
        let baseline = try await HTTPLoadDriver(
            url: url, headers: [], body: ByteBuffer(bytes: body), total: deliveries, warmup: 0, rate: 0, concurrency: concurrency,
            expected: .ok
        ).run(client: DeliveryHTTPClient.shared, label: "baseline (raw POSTs)").perSecond
        let baselineMicros = (ProcessCPU.seconds - baselineCPU) * 1e6 / Double(deliveries)
        progress.update("baseline: \(Int(baseline)) POSTs/s", force: true)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notification-load-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try DeliveryStore(path: folder.appendingPathComponent("notification.sqlite").path)
        var queued = 0
        while queued < deliveries {
            let count = min(1000, deliveries - queued)
            let batch = (queued..<(queued + count)).map { index in
                (
                    eventID: "load-event-\(index)",
                    messages: [
                        Message(
                            deliveryID: "load-\(index)", ticketID: "load-ticket-\(index)", template: "ticket.acknowledgement",
                            channel: "webhook", recipient: "load-\(index)@example.com", language: .en, subject: "load \(index)",
                            body: "hello")
                    ]
                )
            }
            _ = try await store.accept(batch, now: Date())
            queued += count
        }
        let dispatcher = Dispatcher(
            store: store, channels: ["webhook": WebhookChannel(url: url, secret: Array("load-test-secret-0123456789".utf8))],
            fallback: try MailboxSink(path: folder.appendingPathComponent("mailbox").path), concurrency: concurrency,
            maximumAttempts: 8, digest: { $0[0] })
        let before = received.value
        let dispatchCPU = ProcessCPU.seconds
        let start = ContinuousClock.now
        var sent = 0
        var failed = 0
        while sent + failed < deliveries {
            try await dispatcher.drain { outcomes in
                for outcome in outcomes {
                    switch outcome {
                    case .sent: sent += 1
                    case .failed(_, _, _, let dead): if dead { failed += 1 }
                    case .deferred: break
                    }
                }
                progress.update("delivered \(sent)/\(deliveries), \(Int(Double(sent) / (ContinuousClock.now - start).seconds))/s")
            }
            // Failed attempts are due again after their back-off.
            if sent + failed < deliveries { try await Task.sleep(for: .milliseconds(50)) }
        }
        let rate = Double(sent) / (ContinuousClock.now - start).seconds
        let dispatchMicros = (ProcessCPU.seconds - dispatchCPU) * 1e6 / Double(max(1, sent))
        progress.finish()
        let result: [String: Any] = [
            "target": "notification", "deliveries": deliveries, "concurrency": concurrency, "deliveriesPerSecond": Int(rate),
            "rawPostsPerSecond": Int(baseline), "failed": failed, "receiverCounted": received.value - before,
            "cpuMicrosecondsPerDelivery": Int(dispatchMicros), "cpuMicrosecondsPerRawPost": Int(baselineMicros),
        ]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("notification load: \(deliveries) webhook deliveries, \(concurrency) in flight")
            print("          through the dispatcher (signed, committed): \(Int(rate))/s, \(failed) failed, \(Int(dispatchMicros)) µs of CPU each")
            print("          baseline, raw POSTs to the same receiver:   \(Int(baseline))/s, \(Int(baselineMicros)) µs of CPU each")
            print("          (CPU: this process's user and system time, receiver included, over the phase)")
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
