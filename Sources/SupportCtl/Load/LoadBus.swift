import ArgumentParser
import Broker
import Foundation
import SupportDomain
import Logging
import Synchronization
import SupportBus
import SupportRuntime
import ZeroMQ

/// `supportctl load bus`: event-stream throughput through the real broker, in plain text and
/// with CURVE, against raw libzmq PUB→SUB in the same run.
struct LoadBus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Measure stream throughput: raw libzmq, the broker in plain text, the broker with CURVE.",
        discussion: """
            Each run sends --messages messages of --size bytes (topic frame + body, as services \
            publish) from one PUB to one SUB over loopback TCP and times first send to last \
            receipt. High-water marks are unlimited, so nothing is dropped and the rate is what \
            arrives. The broker runs in this process with fresh keys in a temporary folder.

            Examples:
              swift run -c release supportctl load bus
              supportctl load bus --messages 500000 --size 512 --json
            """)

    @Option(help: "Messages per run.") var messages = 200_000
    @Option(help: "Body bytes per message (a ticket event is about 900).") var size = 1024
    @Flag(help: "Print the result as one JSON object.") var json = false

    func validate() throws {
        guard (1_000...10_000_000).contains(messages) else { throw ValidationError("--messages must be 1000…10000000") }
        guard (1...(1 << 20)).contains(size) else { throw ValidationError("--size must be 1…1048576") }
    }

    func run() async throws {
        let keysFolder = FileManager.default.temporaryDirectory.appendingPathComponent("load-bus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keysFolder) }
        let keys = BusKeyring(folder: keysFolder)
        try keys.initialize()
        var progress = ProgressLine()
        progress.update("raw libzmq PUB→SUB…", force: true)
        // Each measurement's sockets live on a thread of their own, never on the pool.
        let raw = try await DedicatedThread.run(name: "load-bus-raw") { try Self.rawRate(messages: messages, size: size) }
        progress.update("raw libzmq PUB→SUB with CURVE…", force: true)
        let rawCurve = try await DedicatedThread.run(name: "load-bus-raw") { try Self.rawRate(messages: messages, size: size, curve: true) }
        progress.update("broker, plain text…", force: true)
        let plain = try await Self.brokerRate(messages: messages, size: size, keys: nil)
        progress.update("broker, CURVE…", force: true)
        let curve = try await Self.brokerRate(messages: messages, size: size, keys: keys)
        progress.finish()
        let result: [String: Any] = [
            "target": "bus", "messages": messages, "size": size, "rawPerSecond": Int(raw), "rawCurvePerSecond": Int(rawCurve),
            "brokerPlainPerSecond": Int(plain), "brokerCurvePerSecond": Int(curve),
            "curveCostPercent": Int(((plain - curve) / plain * 100).rounded()),
        ]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("bus load: \(messages) messages of \(size) bytes, one publisher, one subscriber, loopback TCP")
            print("          raw libzmq PUB→SUB (baseline): \(Int(raw))/s")
            print("          raw libzmq PUB→SUB with CURVE (baseline for the secure bus): \(Int(rawCurve))/s")
            print("          through the broker, plain text: \(Int(plain))/s")
            print("          through the broker, CURVE:      \(Int(curve))/s (\(result["curveCostPercent"]!)% below plain)")
        }
    }

    /// PUB→SUB with no broker: what libzmq itself does on this machine; with `curve`, the same
    /// over one CURVE session (the subscriber the server), the fair baseline for a secure bus.
    static func rawRate(messages: Int, size: Int, curve: Bool = false) throws -> Double {
        let context = try Context()
        let subscriber = try Socket(context: context, type: .subscriber)
        try subscriber.set(.receiveHighWaterMark, 0)
        let server = curve ? try CurveKeyPair.generate() : nil
        let client = curve ? try CurveKeyPair.generate() : nil
        if let server {
            try subscriber.set(.curveServer, 1)
            try subscriber.set(.curveSecretKey, Array(server.secretKey.utf8))
        }
        try subscriber.set(.subscribe, "")
        let endpoint = try subscriber.bind("tcp://127.0.0.1:*")
        defer { subscriber.close() }
        return try measure(subscriber: subscriber, messages: messages, size: size) {
            let publisher = try Socket(context: context, type: .publisher)
            try publisher.set(.sendHighWaterMark, 0)
            if let server, let client {
                try publisher.set(.curveServerKey, Array(server.publicKey.utf8))
                try publisher.set(.curvePublicKey, Array(client.publicKey.utf8))
                try publisher.set(.curveSecretKey, Array(client.secretKey.utf8))
            }
            try publisher.connect(endpoint)
            return publisher
        }
    }

    /// PUB→broker→SUB, with the broker's own sockets and settings.
    static func brokerRate(messages: Int, size: Int, keys: BusKeyring?) async throws -> Double {
        let ports = try (0..<4).map { _ in try FreePorts.find() }
        let endpoints = ports.map { "tcp://127.0.0.1:\($0)" }
        var logger = Logger(label: "support.load")
        logger.logLevel = .warning
        let broker = try BrokerService(
            configuration: BrokerConfiguration(
                publishBind: endpoints[0], subscribeBind: endpoints[1], handoffBind: endpoints[2], historyBind: endpoints[3],
                keys: keys),
            logger: logger)
        let running = Task { try await broker.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        let context = try Context()
        let producer = try keys?.credentials(for: .intake)
        let observer = try keys?.credentials(for: .operator)
        // Sockets are made, used and closed on one thread, as everywhere in this project.
        let rate = try await DedicatedThread.run(name: "load-bus-broker") {
            let subscriber = try Socket(context: context, type: .subscriber)
            try subscriber.set(.receiveHighWaterMark, 0)
            for (option, value) in observer?.clientOptions ?? [] { try subscriber.set(option, value) }
            try subscriber.set(.subscribe, "")
            try subscriber.connect(endpoints[1])
            defer { subscriber.close() }
            return try measure(subscriber: subscriber, messages: messages, size: size) {
                let publisher = try Socket(context: context, type: .publisher)
                try publisher.set(.sendHighWaterMark, 0)
                for (option, value) in producer?.clientOptions ?? [] { try publisher.set(option, value) }
                try publisher.connect(endpoints[0])
                return publisher
            }
        }
        running.cancel()
        _ = await running.result
        return rate
    }

    /// Runs the publisher on its own thread (its socket made there): it sends warm-up
    /// messages until this thread sees one (slow joiner), then `messages` bodies; the rate is
    /// from that moment to the last receipt here.
    static func measure(
        subscriber: Socket, messages: Int, size: Int, makePublisher: @escaping @Sendable () throws -> Socket
    ) throws -> Double {
        let flags = RunFlags()
        let sender = Thread {
            guard let publisher = try? makePublisher() else { return }
            defer { publisher.close() }
            let topic = Array("ticket.received".utf8)
            while !flags.joined.load(ordering: .acquiring) && !flags.finished.load(ordering: .relaxed) {
                _ = try? publisher.send(Multipart([topic, Array("warm".utf8)]))
                usleep(10_000)
            }
            let body = [UInt8](repeating: 0x61, count: size)
            for _ in 0..<messages where !flags.finished.load(ordering: .relaxed) {
                _ = try? publisher.send(Multipart([topic, body]))
            }
            // Linger lets the queue drain before close returns.
            while !flags.finished.load(ordering: .relaxed) { usleep(10_000) }
        }
        sender.start()
        defer { flags.finished.store(true, ordering: .relaxed) }
        try subscriber.set(.receiveTimeout, 10_000)
        // Joined once a warm-up message arrives: the whole path (publisher → broker → here) is
        // up. Not at the broker's welcome, which comes as soon as this socket connects: taking
        // that as the start let the publisher begin before its subscription had reached it, and
        // a busy machine then lost the first messages at the publisher (a CI run lost 1,691).
        let warm = Array("warm".utf8)
        while true {
            guard let message = try subscriber.receive() else { throw RunFailure("the subscriber never joined the stream") }
            if message.count == 2 && message[1] == warm { break }
        }
        let start = ContinuousClock.now
        flags.joined.store(true, ordering: .releasing)
        var received = 0
        while received < messages {
            guard let message = try subscriber.receive() else { break }
            if message.count == 2 && message[1].count == size && message[1] != warm { received += 1 }
        }
        let elapsed = ContinuousClock.now - start
        guard received == messages else { throw RunFailure("only \(received) of \(messages) messages arrived") }
        return Double(received) / elapsed.seconds
    }
}


/// What the measuring thread tells the sending thread.
private final class RunFlags: Sendable {
    let joined = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
}
