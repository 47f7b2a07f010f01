import ArgumentParser
import Foundation
import Logging
import SLATimer
import SupportBus
import SupportDomain
import SupportStore

/// `supportctl load sla`: open many clocks, then apply clock updates as fast as the service
/// commits them, through the sla service's own apply path and store (in-process, no bus): a new
/// SQLite file, or the store `--store` names.
struct LoadSLA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Open N clocks, then apply pause/resume updates flat out; report rates and peak memory.",
        discussion: """
            The events go through SLAService.applyBatch, the same transaction the service runs for
            each batch it receives, against a fresh SQLite file (synchronous=FULL); the outbox rows
            they produce are then deleted as acknowledged hand-offs are in the service.

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

        // Phase 1: open the clocks (ticket.classified). Only the service's share is timed:
        // decoding the delivered bytes and the batch transaction, as the service does per batch.
        var openTime = Steps()
        var opened = 0
        while opened < clocks {
            let count = min(batch, clocks - opened)
            var events: [(Envelope, [UInt8])] = []
            for i in 0..<count {
                // Intake names tickets by creation time (UUIDv7), so classified tickets arrive
                // in about id order: one a millisecond here.
                let id = EventID.make(now: base.addingTimeInterval(Double(opened + i) / 1000), using: &generator)
                ids.append(id)
                let type: TicketType = (opened + i) % 5 == 0 ? .incident : .doubt
                let summary = Self.summary(id: id, number: opened + i + 1, type: type, createdAt: base)
                let envelope = factory.envelope(
                    .ticketClassified(
                        TicketClassified(
                            ticket: summary, requestedType: type,
                            classification: TicketClassification(
                                type: type, typeConfidence: 0.9, priority: .normal, priorityConfidence: 0.6, language: .en,
                                languageConfidence: 0.99), typeMismatch: false, model: "load")), now: base)
                events.append((envelope, try EnvelopeCodec.encode(envelope)))
            }
            var steps = try await Self.timedApply(service, events.map(\.1))
            steps.fold = try await Self.timed { try await service.fold(all: opened + count == clocks) }
            openTime.add(steps)
            opened += count
            let rate = Double(opened) / openTime.total
            progress.update("opening clocks: \(opened)/\(clocks) tickets, \(Int(rate))/s, rss \(ProcessMemory.current >> 20) MiB")
        }
        let openSeconds = openTime.total
        progress.update("opened \(clocks) tickets in \(String(format: "%.1f", openSeconds)) s", force: true)

        // Phase 2: clock updates (pending pauses resolution, open resumes it).
        var pending = Set<Int>()
        var updateTime = Steps()
        var applied = 0
        var slaEvents = 0
        while applied < updates {
            let count = min(batch, updates - applied)
            var events: [(Envelope, [UInt8])] = []
            for i in 0..<count {
                let index = Int.random(in: 0..<ids.count, using: &generator)
                let wasPending = pending.contains(index)
                if wasPending { pending.remove(index) } else { pending.insert(index) }
                let at = base.addingTimeInterval(Double(applied + i) / 1000)
                let update = TicketUpdated(
                    ticket: Self.summary(id: ids[index], number: index + 1, type: .doubt, createdAt: base), change: .status,
                    status: wasPending ? .open : .pending, previousStatus: wasPending ? .pending : .open, author: .agent,
                    isPublic: true, body: nil, at: at)
                let envelope = factory.envelope(.ticketUpdated(update), now: at)
                events.append((envelope, try EnvelopeCodec.encode(envelope)))
            }
            var steps = try await Self.timedApply(service, events.map(\.1))
            steps.fold = try await Self.timed { try await service.fold(all: applied + count == updates) }
            updateTime.add(steps)
            slaEvents += steps.produced
            applied += count
            let rate = Double(applied) / updateTime.total
            progress.update("updating clocks: \(applied)/\(updates), \(Int(rate))/s, rss \(ProcessMemory.current >> 20) MiB")
        }
        let updateSeconds = updateTime.total
        progress.finish()

        var size = 0
        if case .sqlite(let path) = location { size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        // Baseline in the same run: the same rules in memory, no store, no event encoding.
        let engine = SLAEngineBenchmark.updatesPerSecond(tickets: min(clocks, 100_000), updates: updates) { index in
            Self.summary(id: "bench-\(index)", number: index + 1, type: .doubt, createdAt: base)
        }
        let result: [String: Any] = [
            "target": "sla", "tickets": clocks, "openPerSecond": Int(Double(clocks) / openSeconds),
            "updates": updates, "updatesPerSecond": Int(Double(updates) / updateSeconds), "slaEventsEmitted": slaEvents,
            "engineUpdatesPerSecond": Int(engine),
            "peakResidentBytes": ProcessMemory.peak, "storeBytes": size, "batch": batch, "store": "\(location)",
            "updateSeconds": updateTime.json,
        ]
        if json {
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("sla load: \(clocks) tickets opened at \(result["openPerSecond"]!)/s")
            print("          \(updates) clock updates at \(result["updatesPerSecond"]!)/s (\(slaEvents) sla events emitted)")
            print(
                "          of the update time: decode \(Self.share(updateTime.decode, of: updateSeconds)), transaction "
                    + "\(Self.share(updateTime.apply, of: updateSeconds)), outbox deletes \(Self.share(updateTime.forget, of: updateSeconds)), "
                    + "journal folds \(Self.share(updateTime.fold, of: updateSeconds))")
            print("          baseline: the same updates in memory, no store or encoding: \(Int(engine))/s")
            print("          peak resident memory \(ProcessMemory.peak >> 20) MiB, store \(size >> 20) MiB at \(location)")
        }
        if dataDir == nil { try? FileManager.default.removeItem(at: folder) }
    }

    /// Where a phase's time went: decoding the delivered bytes, the batch's transaction (the
    /// rules, the journal row and envelopes, the commit), deleting the acknowledged outbox rows,
    /// and folding the clock journal into the rows (when due, and all of it at the end).
    struct Steps {
        var decode = 0.0, apply = 0.0, forget = 0.0, fold = 0.0
        var produced = 0
        var total: Double { decode + apply + forget + fold }

        mutating func add(_ other: Steps) {
            decode += other.decode
            apply += other.apply
            forget += other.forget
            fold += other.fold
            produced += other.produced
        }

        var json: [String: Double] { ["decode": decode, "apply": apply, "forget": forget, "fold": fold] }
    }

    static func timed(_ work: () async throws -> Void) async throws -> Double {
        let started = ContinuousClock.now
        try await work()
        return (ContinuousClock.now - started).seconds
    }

    /// Decodes delivered bytes as the service's DeliveryProcessor does (on every core), applies
    /// them in one transaction, and deletes the outbox rows of what they produced, timing each.
    static func timedApply(_ service: SLAService, _ bytes: [[UInt8]]) async throws -> Steps {
        let started = ContinuousClock.now
        let decoded = try EnvelopeCodec.decode(bytes).map { try $0.get() }
        let beforeApply = ContinuousClock.now
        let produced = try await service.applyBatch(decoded)
        let beforeForget = ContinuousClock.now
        // As in the running service: the hand-offs are acknowledged and their outbox rows go
        // (there in batches as DONEs arrive; here at once, with no broker in between).
        try await service.forget(produced.flatMap { $0.2.map(\.key) })
        return Steps(
            decode: (beforeApply - started).seconds, apply: (beforeForget - beforeApply).seconds,
            forget: (ContinuousClock.now - beforeForget).seconds, produced: produced.count)
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

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
