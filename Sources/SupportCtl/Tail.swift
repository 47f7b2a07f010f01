import ArgumentParser
import Foundation
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// `supportctl tail`: subscribe to the event stream and print events as they happen.
struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print bus events live; --topic filters by prefix, --json prints one event per line.",
        discussion: """
            The stream is for watching and may drop under overload; per-producer sequence numbers \
            show any gap, printed on standard error.

            Examples:
              supportctl tail
              supportctl tail --topic ticket. --topic sla.breached
              supportctl tail --json --count 4 --timeout 10 | jq .topic
            """)

    @Option(help: "The broker's subscribe endpoint (default: bus.subscribeEndpoint, tcp://127.0.0.1:7702).")
    var bus: String?

    @Option(name: .customLong("topic"), help: "Only topics starting with this prefix; repeatable.")
    var topics: [String] = []

    @Flag(help: "Print each event as one JSON object per line, exactly as it travels.")
    var json = false

    @Option(help: "Exit after this many events.")
    var count: Int?

    @Option(help: "Exit after this many seconds (status 1 if --count was not reached).")
    var timeout: Double?

    @Option(help: "First replay what the bus recorded in this past span (30s, 10m, 2h, 1d), then go on live.")
    var since: String?

    @OptionGroup var access: BusAccessOption

    @Option(help: "The broker's history endpoint (default: bus.historyEndpoint, tcp://127.0.0.1:7704).")
    var history: String?

    func validate() throws {
        if let since, Self.seconds(since) == nil { throw ValidationError("--since takes a span like 30s, 10m, 2h or 1d") }
    }

    /// "90" or "90s", "10m", "2h", "1d" in seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let value = Double(text.dropLast()), value >= 0 { return value * unit }
        return Double(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    func run() async throws {
        let defaults = try access.endpoints()
        let endpoint = bus ?? defaults.subscribe
        let context = try Context()
        let loop = SocketLoop(
            context: context, name: "tail",
            sockets: [
                SocketSpec(
                    .subscriber, connect: [endpoint],
                    subscriptions: (topics.isEmpty ? [""] : topics) + [BusEndpoints.welcome],
                    options: [(.receiveHighWaterMark, 100_000)], byteOptions: defaults.clientByteOptions,
                    receiveBuffer: 100_000),
                SocketSpec(
                    .dealer, connect: [history ?? defaults.history], options: [(.receiveHighWaterMark, 0)],
                    byteOptions: defaults.clientByteOptions),
            ])
        try await loop.start()
        let printer = EventPrinter(json: json, color: isatty(STDOUT_FILENO) != 0)
        var gaps = GapDetector()
        var printed = 0
        var seen = RecentIDs()
        var early: [Multipart] = []
        if let since, let span = Self.seconds(since) {
            // Subscribe first, then ask for history: whatever the bus forwards after the
            // subscription is live, whatever before the question is history; the overlap is
            // removed by event id. That is the seam with no gap and no duplicate.
            early = try await Self.awaitWelcome(loop.messages(from: 0), timeout: 5)
            try await Task.sleep(for: .milliseconds(200))
            let replay = try await Self.fetchHistory(
                loop, since: Date().addingTimeInterval(-span), prefixes: topics, timeout: timeout ?? 30)
            for (topic, bytes) in replay {
                guard let envelope = try? EnvelopeCodec.decode(bytes), seen.insert(envelope.id) else { continue }
                _ = topic
                if let gap = gaps.observe(producer: envelope.producer, sequence: envelope.sequence), !json {
                    FileHandle.standardError.write(Data("\(gap) (history)\n".utf8))
                }
                printer.print(envelope, raw: bytes)
                printed += 1
                if let count, printed >= count {
                    await loop.stop()
                    return
                }
            }
            if !json { FileHandle.standardError.write(Data("— \(replay.count) events from history; live from here —\n".utf8)) }
        }
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        let timer = Task {
            if let deadline { try? await Task.sleep(until: deadline) } else { try? await Task.sleep(for: .seconds(1 << 40)) }
            await loop.stop()
        }
        /// Prints one stream message; true when --count is reached.
        func handle(_ message: Multipart) -> Bool {
            if message.count == 1, message.string(at: 0) == BusEndpoints.welcome { return false }
            guard message.count == 2, let envelope = try? EnvelopeCodec.decode(message[1]) else {
                FileHandle.standardError.write(Data("tail: skipped a malformed stream message\n".utf8))
                return false
            }
            guard seen.insert(envelope.id) else { return false }
            if let gap = gaps.observe(producer: envelope.producer, sequence: envelope.sequence) {
                FileHandle.standardError.write(Data("\(gap)\n".utf8))
            }
            printer.print(envelope, raw: message[1])
            printed += 1
            if let count, printed >= count { return true }
            return false
        }
        var done = false
        for message in early where !done { done = handle(message) }
        if !done {
            for await message in loop.messages(from: 0) where handle(message) { break }
        }
        timer.cancel()
        await loop.stop()
        if let count, printed < count { throw ExitCode(1) }
    }
}

extension Tail {
    /// Reads the live stream until the bus's welcome arrives; returns the events that came first.
    static func awaitWelcome(_ stream: AsyncStream<Multipart>, timeout: Double) async throws -> [Multipart] {
        try await withThrowingTaskGroup(of: [Multipart]?.self) { group in
            group.addTask {
                var before: [Multipart] = []
                for await message in stream {
                    if message.count == 1, message.string(at: 0) == BusEndpoints.welcome { return before }
                    before.append(message)
                }
                return before
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let early = first else {
                throw Unavailable("no answer from the bus's event stream within \(Int(timeout)) s")
            }
            return early
        }
    }

    /// Asks the bus's history for events since `since` and collects the answer.
    static func fetchHistory(_ loop: SocketLoop, since: Date, prefixes: [String], timeout: Double) async throws
        -> [(topic: [UInt8], envelope: [UInt8])]
    {
        loop.send(
            HistoryMessage.since(milliseconds: Int64(since.timeIntervalSince1970 * 1000), prefixes: prefixes).multipart,
            on: 1)
        return try await withThrowingTaskGroup(of: [(topic: [UInt8], envelope: [UInt8])]?.self) { group in
            group.addTask {
                var events: [(topic: [UInt8], envelope: [UInt8])] = []
                for await message in loop.messages(from: 1) {
                    switch HistoryMessage(message) {
                    case .events(let pairs)?: events += pairs
                    case .end?: return events
                    default: continue
                    }
                }
                return events
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let events = first else {
                throw Unavailable("the bus's history did not answer within \(Int(timeout)) s (is broker.historyPath set?)")
            }
            return events
        }
    }
}

/// The ids of the last events printed, to drop a repeat (the history/live seam, a resend).
struct RecentIDs {
    private var order: [String] = []
    private var set = Set<String>()
    private var head = 0
    let capacity = 100_000

    /// False when `id` was seen recently.
    mutating func insert(_ id: String) -> Bool {
        guard set.insert(id).inserted else { return false }
        if order.count < capacity {
            order.append(id)
        } else {
            set.remove(order[head])
            order[head] = id
            head = (head + 1) % capacity
        }
        return true
    }
}

/// Notices missing sequence numbers per producer (a new producer id starts its own sequence).
struct GapDetector {
    private var last: [String: UInt64] = [:]

    /// A line describing the gap before `sequence`, or nil when there is none. Repeats
    /// (sequence at or below the last seen) are not gaps.
    mutating func observe(producer: String, sequence: UInt64) -> String? {
        defer { last[producer] = max(last[producer] ?? 0, sequence) }
        guard let previous = last[producer], sequence > previous + 1 else { return nil }
        let missed = sequence - previous - 1
        return "gap: \(missed) event\(missed == 1 ? "" : "s") from \(producer) missed (sequence \(previous + 1)…\(sequence - 1))"
    }
}
