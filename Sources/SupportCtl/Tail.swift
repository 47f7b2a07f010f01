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
            The stream is for watching and may drop under overload; per-producer sequence numbers
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

    func run() async throws {
        let endpoint = try bus ?? BusEndpoints(reader: ConfigReader()).subscribe
        let context = try Context()
        let loop = SocketLoop(
            context: context, name: "tail",
            sockets: [
                SocketSpec(
                    .subscriber, connect: [endpoint], subscriptions: topics.isEmpty ? [""] : topics,
                    options: [(.receiveHighWaterMark, 100_000)], receiveBuffer: 100_000)
            ])
        try await loop.start()
        let printer = EventPrinter(json: json, color: isatty(STDOUT_FILENO) != 0)
        var gaps = GapDetector()
        var printed = 0
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        let timer = Task {
            if let deadline { try? await Task.sleep(until: deadline) } else { try? await Task.sleep(for: .seconds(1 << 40)) }
            await loop.stop()
        }
        for await message in loop.messages(from: 0) {
            guard message.count == 2, let envelope = try? EnvelopeCodec.decode(message[1]) else {
                FileHandle.standardError.write(Data("tail: skipped a malformed stream message\n".utf8))
                continue
            }
            if let gap = gaps.observe(producer: envelope.producer, sequence: envelope.sequence) {
                FileHandle.standardError.write(Data("\(gap)\n".utf8))
            }
            printer.print(envelope, raw: message[1])
            printed += 1
            if let count, printed >= count { break }
        }
        timer.cancel()
        await loop.stop()
        if let count, printed < count { throw ExitCode(1) }
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
