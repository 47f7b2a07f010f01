import ArgumentParser
import Foundation
import Intake
import Logging
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// The intake executable alone, for `supportctl load intake-http` and `intake-zmq`: its own
/// process on a fresh SQLite file, a real broker in this process (plain text over ipc), and a
/// classification stand-in here that acknowledges every `ticket.received` hand-off at once, so
/// intake's outbox drains as it would in the suite. Rate limits are out of the way.
final class IsolatedIntake: Sendable {
    let folder: URL
    let token: String
    let httpPort: Int
    /// The ZeroMQ ticket endpoint (ipc, plain text).
    let zmqEndpoint: String
    private let intake: ChildProcess
    private let broker: LoadBroker
    private let tasks: [Task<Void, any Error>]

    init(logger: Logger) async throws {
        folder = URL(fileURLWithPath: NSTemporaryDirectory() + "intake-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = try ResourceLocator()
        let broker = try LoadBroker(folder: folder, logger: logger)
        let bus = broker.endpoints
        let worker = BusClient(context: try Context(), endpoints: bus, identity: "classification-load", roles: [.classification], logger: logger)
        self.broker = broker
        tasks = [
            Task { try await worker.run() },
            Task { for await batch in worker.batches() { worker.acknowledge(batch) } },
        ]
        // An operator token made in the store first, as `supportctl up` does.
        let store = folder.appendingPathComponent("intake.sqlite").path
        token = try await TicketStore(path: store).createToken(name: "load", scopes: [.admin], account: nil)
        httpPort = try FreePorts.find()
        zmqEndpoint = "ipc://\(folder.path)/tickets"
        let settings = [
            "http.port=\(httpPort)", "store.path=\(store)", "directory.path=\(try files.find("config/directory.yaml", what: "customer directory"))",
            "http.rateLimit.perToken=10000000", "http.rateLimit.perAccount=10000000",
            "zmq.bind=\(zmqEndpoint)", "log.level=warning",
        ] + broker.settings
        intake = ChildProcess.service("intake", settings: settings, logsIn: folder, files: files)
        try intake.start { _, _ in }
        guard await Up.waitForHealth(url: "http://127.0.0.1:\(httpPort)/health", seconds: 30) else {
            let log = intake.logTail()
            stop()
            throw Unavailable("intake did not start: \(log)")
        }
    }

    /// What intake's log says about its store's slow commits and checkpoints (over 50 ms,
    /// `Store.slowCommit`) so far: printed beside a run's latencies, so a tail that comes with
    /// them is the disk, and one without them is not (the folder and the log go at `stop()`).
    func storeStalls() -> StoreStalls {
        StoreStalls(log: (try? String(contentsOf: folder.appendingPathComponent("intake.log"), encoding: .utf8)) ?? "")
    }

    /// Stops intake (SIGTERM), the broker and the stand-in, and removes the folder.
    func stop() {
        intake.signal(SIGTERM)
        for task in tasks { task.cancel() }
        broker.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
