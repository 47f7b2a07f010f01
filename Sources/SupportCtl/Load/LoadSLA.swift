import ArgumentParser
import Foundation
import Logging
import SLATimer
import SupportBus
import SupportDomain
import SupportRuntime
import SupportStore

/// `supportctl load sla`: open many clocks, then apply clock updates as fast as the service
/// commits them, through the sla service's own apply path and store (in-process, no bus): a new
/// SQLite file, or the store `--store` names.
struct LoadSLA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Open N clocks, then apply pause/resume updates flat out; report rates and peak memory.",
        discussion: """
            The events go through SLAService.applyBatch, the same transaction the service runs for \
            each batch it receives, against a fresh SQLite file (synchronous=FULL); the outbox rows \
            they produce are then deleted as acknowledged hand-offs are in the service. As in the \
            service, the next batch is decoded and prepared (its rules applied, its rows and \
            events encoded: SLAService.prepareBatch) while the current one is in its \
            transaction, which checks what the preparation read and writes it, or applies the \
            rules again; the result counts both.

            Two baselines follow in the same run: the same updates on the clock rules alone, in \
            memory; and the store alone, as many more updates on the same store with their rules \
            applied and their rows and envelopes encoded before each transaction, so that only \
            what the store does is timed. Peak memory is read before the baselines.

            Both the service's updates and the store alone also report the process's CPU time \
            per update (user and system, every thread): steadier than a rate on a shared \
            machine, and what a rate on this machine's cores is bounded by.

            Examples:
              swift run -c release supportctl load sla --clocks 1000000 --updates 200000
              supportctl load sla --clocks 10000 --updates 10000 --json
              supportctl load sla --clocks 20000 --updates 20000 --store postgres://desk:secret@127.0.0.1/sla_load
            """)

    @Option(help: "Tickets to open (each has two or three clocks).") var clocks = 100_000
    @Option(help: "Clock updates to apply after opening (alternating pending/open).") var updates = 100_000
    @Option(help: "Events per transaction, as the service batches deliveries.") var batch = 512
    @Option(help: "Folder for the SQLite file (default: a new temporary folder).") var dataDir: String?
    @Option(
        help: ArgumentHelp(
            "Run against this store instead of a new SQLite file, e.g. an empty PostgreSQL database.",
            valueName: "sqlite:PATH|postgres://user:password@host:port/database"))
    var store: String?
    @Flag(help: "Print the result as one JSON object.") var json = false

    func run() async throws {
        let folder = URL(fileURLWithPath: dataDir ?? NSTemporaryDirectory() + "sla-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let location: StoreLocation
        do {
            location = try store.map(StoreLocation.init(url:)) ?? .sqlite(path: folder.appendingPathComponent("sla.sqlite").path)
        } catch {
            throw ValidationError("--store: \(error)")
        }
        var logger = Logger(label: "support.load")
        logger.logLevel = .warning
        let service = try SLAService(
            configuration: SLAConfiguration(
                store: location, bus: BusEndpoints(publish: "inproc://a", subscribe: "inproc://b", handoff: "inproc://c")),
            logger: logger)
        let factory = EventFactory(service: "load")
        let base = Date()
        var progress = ProgressLine()
        var ids: [String] = []
        ids.reserveCapacity(clocks)
        var generator = SystemRandomNumberGenerator()

        // Phase 1: open the clocks (ticket.classified). Only the service's share is timed
        // (`drive`): decoding the delivered bytes and the batch transaction, as the service does.
        let openBatches = (clocks + batch - 1) / batch
        let openTime = try await Self.drive(service, batches: openBatches) { index in
            let first = index * batch
            return try (first..<min(first + batch, clocks)).map { n in
                // Intake names tickets by creation time (UUIDv7), so classified tickets arrive
                // in about id order: one a millisecond here.
                let id = EventID.make(now: base.addingTimeInterval(Double(n) / 1000), using: &generator)
                ids.append(id)
                let type: TicketType = n % 5 == 0 ? .incident : .doubt
                let summary = Self.summary(id: id, number: n + 1, type: type, createdAt: base)
                let envelope = factory.envelope(
                    .ticketClassified(
                        TicketClassified(
                            ticket: summary, requestedType: type,
                            classification: TicketClassification(
                                type: type, typeConfidence: 0.9, priority: .normal, priorityConfidence: 0.6, language: .en,
                                languageConfidence: 0.99), typeMismatch: false, model: "load")), now: base)
                return try EnvelopeCodec.encode(envelope)
            }
        } progress: { steps, done in
            let opened = min(done * batch, clocks)
            progress.update("opening clocks: \(opened)/\(clocks) tickets, \(Int(Double(opened) / steps.total))/s, rss \(ProcessMemory.current >> 20) MiB")
        }
        let openSeconds = openTime.total
        progress.update("opened \(clocks) tickets in \(String(format: "%.1f", openSeconds)) s", force: true)

        // Phase 2: clock updates (pending pauses resolution, open resumes it) on random tickets.
        var pending = Set<Int>()
        func update(_ n: Int) -> Envelope {
            let ticket = Int.random(in: 0..<ids.count, using: &generator)
            let wasPending = pending.contains(ticket)
            if wasPending { pending.remove(ticket) } else { pending.insert(ticket) }
            let at = base.addingTimeInterval(Double(n) / 1000)
            let update = TicketUpdated(
                ticket: Self.summary(id: ids[ticket], number: ticket + 1, type: .doubt, createdAt: base), change: .status,
                status: wasPending ? .open : .pending, previousStatus: wasPending ? .pending : .open, author: .agent,
                isPublic: true, body: nil, at: at)
            return factory.envelope(.ticketUpdated(update), now: at)
        }
        let updateBatches = (updates + batch - 1) / batch
        let outcomesBefore = service.pipeline.outcomes
        let updateTime = try await Self.drive(service, batches: updateBatches) { index in
            let first = index * batch
            return try (first..<min(first + batch, updates)).map { n in try EnvelopeCodec.encode(update(n)) }
        } progress: { steps, done in
            let applied = min(done * batch, updates)
            progress.update("updating clocks: \(applied)/\(updates), \(Int(Double(applied) / steps.total))/s, rss \(ProcessMemory.current >> 20) MiB")
        }
        let slaEvents = updateTime.produced
        let outcomes = service.pipeline.outcomes
        let (written, appliedAgain) = (outcomes.written - outcomesBefore.written, outcomes.appliedAgain - outcomesBefore.appliedAgain)
        let updateSeconds = updateTime.total
        let peak = ProcessMemory.peak
        var size = 0
        if case .sqlite(let path) = location { size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }

        // Baseline in the same run: the store alone, on the same store and tickets, the
        // updates' rules and coding done before each transaction.
        progress.update("store alone: \(updates) more updates, rules and coding done in advance", force: true)
        let storeAlone = try await SLAStoreBenchmark.run(service, updates: updates, batch: batch) { n in
            update(updates + n)
        }
        progress.finish()

        // Baseline in the same run: the same rules in memory, no store, no event encoding.
        let engine = SLAEngineBenchmark.updatesPerSecond(tickets: min(clocks, 100_000), updates: updates) { index in
            Self.summary(id: "bench-\(index)", number: index + 1, type: .doubt, createdAt: base)
        }
        let result: [String: Any] = [
            "target": "sla", "tickets": clocks, "openPerSecond": Int(Double(clocks) / openSeconds),
            "updates": updates, "updatesPerSecond": Int(Double(updates) / updateSeconds), "slaEventsEmitted": slaEvents,
            "engineUpdatesPerSecond": Int(engine), "storeAloneUpdatesPerSecond": Int(storeAlone.updatesPerSecond),
            "cpuMicrosecondsPerUpdate": Int(updateTime.cpu * 1e6 / Double(updates)),
            "storeAloneCpuMicrosecondsPerUpdate": Int(storeAlone.cpuMicrosecondsPerUpdate),
            "peakResidentBytes": peak, "storeBytes": size, "batch": batch, "store": "\(location)",
            "updateSeconds": updateTime.json, "preparedBatchesWritten": written, "preparedBatchesAppliedAgain": appliedAgain,
        ]
        if json {
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("sla load: \(clocks) tickets opened at \(result["openPerSecond"]!)/s")
            print("          \(updates) clock updates at \(result["updatesPerSecond"]!)/s (\(slaEvents) sla events emitted), \(result["cpuMicrosecondsPerUpdate"]!) µs of CPU each")
            print(
                "          of the update time: transaction \(Self.share(updateTime.apply, of: updateSeconds)), "
                    + "outbox deletes \(Self.share(updateTime.forget, of: updateSeconds)), journal folds \(Self.share(updateTime.fold, of: updateSeconds)); "
                    + "decoding and preparing the next batch meanwhile took \(Self.share(updateTime.decode, of: updateSeconds)) "
                    + "and \(Self.share(updateTime.prepare, of: updateSeconds)); of the batches prepared ahead, \(written) were written as "
                    + "prepared and \(appliedAgain) applied again in their transaction")
            print("          baselines: the same updates in memory, no store or encoding: \(Int(engine))/s;")
            print(
                "                     the store alone (rules and coding done before each transaction): \(Int(storeAlone.updatesPerSecond))/s, "
                    + "\(Int(storeAlone.cpuMicrosecondsPerUpdate)) µs of CPU each")
            print("          (CPU: this process's user and system time, every thread, over the timed parts)")
            print("          peak resident memory \(peak >> 20) MiB, store \(size >> 20) MiB at \(location)")
        }
        if dataDir == nil { try? FileManager.default.removeItem(at: folder) }
    }

    /// Where a phase's time went. `total` is the wall time of the service's share; the parts are
    /// the time each took: decoding the delivered bytes (overlapping the others, as in the
    /// service), the batch's transaction (the rules, the journal row and envelopes, the commit),
    /// deleting the acknowledged outbox rows, and folding the clock journal into the rows (when
    /// due, and all of it at the end).
    struct Steps {
        var decode = 0.0, prepare = 0.0, apply = 0.0, forget = 0.0, fold = 0.0
        var total = 0.0
        var produced = 0
        /// The process's CPU time over the phase, every thread, less making the batches' bytes.
        var cpu = 0.0

        var json: [String: Double] { ["decode": decode, "prepare": prepare, "apply": apply, "forget": forget, "fold": fold, "wall": total] }
    }

    /// Runs `batches` batches through the service the way it runs deliveries: while batch i's
    /// transaction, its outbox deletes (as acknowledged hand-offs are in the service: there in
    /// batches as DONEs arrive, here at once) and a due fold run, batch i+1 is decoded on a task
    /// of its own, as ``DeliveryProcessor`` decodes ahead. Making each batch's bytes (the
    /// upstream's work) happens between the timed spans.
    static func drive(
        _ service: SLAService, batches: Int, make: (Int) throws -> [[UInt8]], progress: (Steps, Int) -> Void
    ) async throws -> Steps {
        var steps = Steps()
        @Sendable func decode(_ bytes: [[UInt8]]) throws -> ([Envelope], Double) {
            let started = ContinuousClock.now
            let decoded = try EnvelopeCodec.decode(bytes).map { try $0.get() }
            return (decoded, (ContinuousClock.now - started).seconds)
        }
        let phaseCPU = ProcessCPU.seconds
        var makeCPU = 0.0
        func timedMake(_ index: Int) throws -> [[UInt8]] {
            let before = ProcessCPU.seconds
            defer { makeCPU += ProcessCPU.seconds - before }
            return try make(index)
        }
        let firstBytes = try timedMake(0)
        let started = ContinuousClock.now
        var (current, firstDecode) = try decode(firstBytes)
        let preparing = ContinuousClock.now
        var prepared = await service.prepareBatch(current)
        steps.decode = firstDecode
        steps.prepare = (ContinuousClock.now - preparing).seconds
        steps.total += (ContinuousClock.now - started).seconds
        for index in 0..<batches {
            let nextBytes = index + 1 < batches ? try timedMake(index + 1) : nil
            let spanStart = ContinuousClock.now
            // The next batch decoded and prepared (this one's preparation is done) while this
            // one is in its transaction, as the service's consume loop does.
            let upcoming = nextBytes.map { bytes in
                Task {
                    let (next, seconds) = try decode(bytes)
                    let preparing = ContinuousClock.now
                    let prepared = await service.prepareBatch(next)
                    return (next, seconds, prepared, (ContinuousClock.now - preparing).seconds)
                }
            }
            let produced = try await service.applyBatch(current, prepared: prepared)
            let beforeForget = ContinuousClock.now
            try await service.forget(produced.flatMap { $0.2.map(\.key) })
            let beforeFold = ContinuousClock.now
            try await service.fold(all: index + 1 == batches)
            let afterFold = ContinuousClock.now
            if let upcoming {
                let (next, decodeSeconds, nextPrepared, prepareSeconds) = try await upcoming.value
                (current, prepared) = (next, nextPrepared)
                steps.decode += decodeSeconds
                steps.prepare += prepareSeconds
            }
            steps.apply += (beforeForget - spanStart).seconds
            steps.forget += (beforeFold - beforeForget).seconds
            steps.fold += (afterFold - beforeFold).seconds
            steps.total += (ContinuousClock.now - spanStart).seconds
            steps.produced += produced.count
            progress(steps, index + 1)
        }
        steps.cpu = ProcessCPU.seconds - phaseCPU - makeCPU
        return steps
    }

    static func share(_ part: Double, of whole: Double) -> String {
        "\(Int((100 * part / max(whole, 1e-9)).rounded())) %"
    }

    static func summary(id: String, number: Int, type: TicketType, createdAt: Date) -> TicketSummary {
        TicketSummary(
            id: id, number: number, account: "load", planGroup: .standard, requester: "u-load", requesterName: "Load",
            requesterEmail: "load@example.com", requesterPhone: nil, requesterLanguage: .en, requesterTimeZone: nil,
            channel: .portal, subject: "load test ticket", type: type, priority: .normal, createdAt: createdAt)
    }
}
