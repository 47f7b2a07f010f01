import Foundation
import Testing

extension EndToEnd {
/// Issue #8: every `supportctl load` target runs for real (small counts, debug build) and
/// accounts for every request it sent; the numbers themselves live in BENCHMARKS.md.
@Suite struct LoadCommandTests {
    static func run(_ arguments: [String]) throws -> [String: Any] {
        let (status, output) = try ReliabilityTests.supportctl(["load"] + arguments + ["--json"])
        #expect(status == 0, "supportctl load \(arguments.joined(separator: " ")) exited \(status): \(output)")
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "one JSON object: \(output)")
    }

    static func latencies(_ object: Any?) -> [String: Double] { object as? [String: Double] ?? [:] }

    @Test("intake over HTTP and over ZeroMQ, in isolation: every ticket committed once, percentiles and a baseline reported")
    func intake() throws {
        let http = try Self.run(["intake-http", "--tickets", "300", "--warmup", "20", "--concurrency", "16"])
        #expect(http["accepted"] as? Int == 300 && http["failed"] as? Int == 0)
        #expect(Set(Self.latencies(http["latencyMs"]).keys) == ["p50", "p90", "p99", "p99.9", "max"])
        #expect(((http["baseline"] as? [String: Any])?["requestsPerSecond"] as? Int ?? 0) > 0)
        let zmq = try Self.run(["intake-zmq", "--tickets", "300", "--warmup", "20", "--window", "64"])
        #expect(zmq["accepted"] as? Int == 300 && zmq["failed"] as? Int == 0)
        #expect(((zmq["baseline"] as? [String: Any])?["requestsPerSecond"] as? Int ?? 0) > 0)
        // Flat out, both also measure intake's store alone and SQLite alone on the same tickets.
        for result in [http, zmq] {
            let store = result["storeBaseline"] as? [String: Int] ?? [:]
            #expect(store["storePerSecond", default: 0] > 0 && store["sqlitePerSecond", default: 0] > 0, "\(store)")
            // What intake's log said about slow commits and checkpoints, beside the latencies.
            let stalls = result["intakeStore"] as? [String: Int] ?? [:]
            #expect(Set(stalls.keys) == ["slowCommits", "slowestCommitMs", "slowCheckpoints", "slowestCheckpointMs"], "\(stalls)")
        }
    }

    @Test("classification through a real broker: every hand-off done once")
    func classification() throws {
        let result = try Self.run(["classification", "--tickets", "500", "--warmup", "50"])
        #expect(result["classified"] as? Int == 500)
        #expect(Self.latencies(result["handOffLatencyMs"])["p99"] ?? 0 > 0)
    }

    @Test("end to end against a running suite: every ticket's acknowledgement seen on the bus")
    func endToEnd() throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let result = try Self.run(["end-to-end", "--data-dir", suite.dataDir.path, "--tickets", "100", "--warmup", "10", "--concurrency", "8"])
        #expect(result["accepted"] as? Int == 100 && result["acknowledged"] as? Int == 100)
        #expect(Self.latencies(result["endToEndLatencyMs"])["p50"] ?? 0 > 0)
    }

    @Test("sla and the bus: the clocks opened and updated, the messages counted against raw libzmq")
    func slaAndBus() throws {
        let sla = try Self.run(["sla", "--clocks", "1000", "--updates", "1000"])
        #expect(sla["tickets"] as? Int == 1000 && sla["updates"] as? Int == 1000 && sla["slaEventsEmitted"] as? Int == 1000)
        let steps = Self.latencies(sla["updateSeconds"])
        #expect(Set(steps.keys) == ["decode", "prepare", "apply", "forget", "fold", "wall"] && steps.values.allSatisfy { $0 > 0 }, "\(steps)")
        #expect(steps["wall", default: 0] < steps.filter { $0.key != "wall" }.values.reduce(0, +), "decoding and preparing overlap the transactions")
        #expect(sla["preparedBatchesWritten"] as? Int == 2 && sla["preparedBatchesAppliedAgain"] as? Int == 0, "\(sla)")
        for key in ["engineUpdatesPerSecond", "storeAloneUpdatesPerSecond", "cpuMicrosecondsPerUpdate", "storeAloneCpuMicrosecondsPerUpdate"] { #expect((sla[key] as? Int ?? 0) > 0, "\(key)") }
        let bus = try Self.run(["bus", "--messages", "20000", "--size", "200"])
        for key in ["rawPerSecond", "rawCurvePerSecond", "brokerPlainPerSecond", "brokerCurvePerSecond"] {
            #expect((bus[key] as? Int ?? 0) > 0, "\(key)")
        }
    }

    @Test("notification: every delivery signed, sent and committed once, against raw POSTs, with CPU per delivery")
    func notification() throws {
        let result = try Self.run(["notification", "--deliveries", "300", "--concurrency", "16"])
        #expect(result["failed"] as? Int == 0 && result["receiverCounted"] as? Int == 300, "\(result)")
        for key in ["deliveriesPerSecond", "rawPostsPerSecond", "cpuMicrosecondsPerDelivery", "cpuMicrosecondsPerRawPost"] {
            #expect((result[key] as? Int ?? 0) > 0, "\(key)")
        }
    }

    @Test("the codec: each envelope kind read back equal, both coders timed")
    func codec() throws {
        let codec = try Self.run(["codec", "--iterations", "200"])
        let rows = codec["envelopes"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["envelope"] as? String } == ["ticket.classified", "ticket.updated", "sla.paused"])
        for row in rows {
            for key in ["encodePerSecond", "decodePerSecond", "foundationEncodePerSecond", "foundationDecodePerSecond"] {
                #expect((row[key] as? Int ?? 0) > 0, "\(key)")
            }
        }
    }
}
}
