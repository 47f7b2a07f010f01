import ArgumentParser
import Classification
import Foundation
import Histogram
import Logging
import SupportBus
import SupportDomain
import Synchronization
import ZeroMQ

/// `supportctl load classification`: one classification process in isolation, fed
/// `ticket.received` hand-offs by a stand-in for intake and drained by stand-ins for intake and
/// sla, through a real broker; against the classifier alone in this process.
struct LoadClassification: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classification",
        abstract: "Hand tickets to a classification process in isolation; classifications a second and hand-off latency.",
        discussion: """
            Starts the `classification` executable (beside supportctl) against a broker in this \
            process (plain text over ipc). A stand-in for intake puts `ticket.received` hand-offs \
            (--window outstanding, flat out or at --rate); stand-ins for intake and sla \
            acknowledge every `ticket.classified` at once. A hand-off counts when its DONE comes \
            back, which classification sends only after its own hand-offs were acknowledged \
            downstream: the full exactly-once cycle. Latency is from each hand-off's due time to \
            its DONE.

            The baseline in the same run: the same classifier called in this process, no bus.

            Examples:
              supportctl load classification --tickets 100000
              supportctl load classification --rate 20000 --duration 20 --json
            """)

    @OptionGroup var pace: LoadPace
    @Option(help: "Hand-offs outstanding (put, no DONE yet) at once.") var window = 2_048
    @Option(help: "Classifier model file.") var model = "services/classification/model.bin"
    @Flag(help: "Print the result as one JSON object.") var json = false

    func validate() throws {
        guard (1...100_000).contains(window) else { throw ValidationError("--window must be 1…100000") }
    }

    func run() async throws {
        var logger = Logger(label: "support.load")
        logger.logLevel = .warning
        let files = try ResourceLocator()
        let modelPath = try files.find(model, what: "classifier model (--model)")
        let total = pace.total
        let (warmup, rate) = (pace.warmup, pace.rate)

        // Baseline: the classifier alone, same samples.
        let classifier = TicketClassifier(model: try ClassifierModel.load(from: URL(fileURLWithPath: modelPath)))
        let alone = ClassifierBenchmark.run(classifier: classifier, iterations: 100_000)

        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "classification-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broker = try LoadBroker(folder: folder, logger: logger)
        defer { broker.stop() }
        let bus = broker.endpoints
        let context = try Context()
        let producer = BusClient(context: context, endpoints: bus, identity: "intake-load", roles: [], logger: logger)
        let sink = BusClient(context: context, endpoints: bus, identity: "sla-load", roles: [.intake, .sla], credit: 100_000, logger: logger)
        let tasks = [
            Task { try await producer.run() }, Task { try await sink.run() },
            Task { for await batch in sink.batches() { sink.acknowledge(batch) } },
        ]
        defer { for task in tasks { task.cancel() } }

        let settings = broker.settings + ["classification.modelPath=\(modelPath)", "log.level=warning"]
        let worker = ChildProcess.service("classification", settings: settings, logsIn: folder, files: files)
        try worker.start { _, _ in }
        defer { worker.signal(SIGTERM) }

        // Every hand-off, encoded before the clock starts.
        let factory = EventFactory(service: "intake")
        let now = Date()
        let samples = ClassifierBenchmark.sampleTickets
        var generator = SystemRandomNumberGenerator()
        var ids: [String] = []
        var bodies: [[UInt8]] = []
        for index in 0..<total {
            let sample = samples[index % samples.count]
            var summary = LoadSLA.summary(id: EventID.make(now: now, using: &generator), number: index + 1, type: .doubt, createdAt: now)
            summary.subject = sample.subject
            summary.type = nil
            summary.priority = nil
            let envelope = factory.envelope(.ticketReceived(TicketReceived(ticket: summary, requestedType: nil, description: sample.description)), now: now)
            ids.append(envelope.id)
            bodies.append(try EnvelopeCodec.encode(envelope))
        }
        let ledger = HandOffLedger(ids: ids, warmup: warmup)
        let listener = Task { for await (_, eventIDs) in producer.completions { for id in eventIDs { ledger.done(id) } } }
        defer { listener.cancel() }

        // Wait until the worker takes work: the first hand-off is resent until its DONE.
        let joined = ContinuousClock.now
        ledger.due(0, at: .now)
        while !ledger.isDone(0) {
            producer.put(role: .classification, eventID: ids[0], bytes: bodies[0])
            try await Task.sleep(for: .milliseconds(500))
            guard ContinuousClock.now - joined < .seconds(30) else {
                throw Unavailable("classification took no work within 30 s: \(worker.logTail())")
            }
        }

        let start = ContinuousClock.now
        let interval = rate > 0 ? Duration.nanoseconds(Int64(1e9 / rate)) : nil
        var sent = 1
        var progress = ProgressLine()
        while ledger.completed < total {
            let current = ContinuousClock.now
            // What is due goes in one PUT, as intake's sender hands off a group commit's tickets.
            var due: [OutboxItem] = []
            while sent < total && sent - ledger.completed < window {
                let at = interval.map { start + $0 * sent } ?? current
                if at > current { break }
                ledger.due(sent, at: at)
                due.append(OutboxItem(eventID: ids[sent], role: .classification, bytes: bodies[sent]))
                sent += 1
            }
            producer.put(due)
            progress.update("classification: handed off \(sent)/\(total), done \(ledger.completed)")
            try await Task.sleep(for: .microseconds(500))
            guard ContinuousClock.now - start < .seconds(600) else { throw RunFailure("not every hand-off was done within 10 minutes") }
        }
        progress.finish()
        let outcome = ledger.outcome
        let summary = LatencySummary(outcome.latency)
        if json {
            let object: [String: Any] = [
                "target": "classification", "classified": Int(outcome.latency.totalCount), "perSecond": Int(outcome.perSecond),
                "handOffLatencyMs": summary.values, "window": window, "rate": rate,
                "baseline": ["classifierAlonePerSecond": Int(alone.classificationsPerSecond)],
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("classification load (\(pace.description), \(window) outstanding):")
            print("  \(outcome.latency.totalCount) tickets classified and handed on (after \(warmup) warm-up): \(Int(outcome.perSecond))/s")
            print(summary.row("  put → DONE"))
            print("  baseline, the classifier alone in this process: \(Int(alone.classificationsPerSecond))/s")
        }
    }
}

/// Due times and DONEs of a run's hand-offs, by index.
private final class HandOffLedger: Sendable {
    private struct State {
        var due: [ContinuousClock.Instant?]
        var done: [Bool]
        var completed = 0
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?
        var latency = LoadOutcome.emptyHistogram()
    }
    private let index: [String: Int]
    private let warmup: Int
    private let state: Mutex<State>

    init(ids: [String], warmup: Int) {
        index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        self.warmup = warmup
        state = Mutex(State(due: Array(repeating: nil, count: ids.count), done: Array(repeating: false, count: ids.count)))
    }

    func due(_ position: Int, at instant: ContinuousClock.Instant) { state.withLock { $0.due[position] = instant } }

    func isDone(_ position: Int) -> Bool { state.withLock { $0.done[position] } }

    var completed: Int { state.withLock { $0.completed } }

    func done(_ eventID: String) {
        guard let position = index[eventID] else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            guard !state.done[position], let due = state.due[position] else { return }
            state.done[position] = true
            state.completed += 1
            guard position >= warmup else { return }
            state.first = min(state.first ?? due, due)
            state.last = max(state.last ?? now, now)
            _ = state.latency.record(HTTPLoadDriver.micros(now - due))
        }
    }

    var outcome: LoadOutcome {
        state.withLock { state in
            LoadOutcome(
                accepted: state.completed, failed: 0, seconds: state.first.flatMap { f in state.last.map { ($0 - f).seconds } } ?? 0,
                latency: state.latency)
        }
    }
}
