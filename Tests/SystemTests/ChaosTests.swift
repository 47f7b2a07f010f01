import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
/// Issue #4's promise, counted: every ticket that got a 201 is classified, has its clocks and
/// produced exactly one acknowledgement at the sink — while every process, the broker included,
/// is killed with SIGKILL in turn and restarted by `supportctl up`.
@Suite struct ChaosTests {
    static let tickets = 2_000
    static let rate = 50.0

    @Test("nothing is lost or doubled while each service is SIGKILLed in turn")
    func chaos() async throws {
        let suite = try SuiteProcess()
        defer { suite.stop() }
        let http = suite.http

        // Submit at a steady rate in the background; remember every 201.
        let submitter = Task { () -> (accepted: [String], failed: Int) in
            var accepted: [String] = []
            var failed = 0
            let start = ContinuousClock.now
            for i in 0..<Self.tickets {
                try? await Task.sleep(until: start + .seconds(Double(i) / Self.rate))
                var body = WalkingSkeletonTests.ticket
                body["subject"] = "Chaos \(i): bot sem resposta"
                do {
                    let (status, object) = try await WalkingSkeletonTests.post("\(http)/v1/tickets", body)
                    if status == 201, let id = object["id"] as? String { accepted.append(id) } else { failed += 1 }
                } catch {
                    failed += 1
                }
            }
            return (accepted, failed)
        }

        // Kill each process in turn while tickets flow; `up` restarts it.
        let seconds = Double(Self.tickets) / Self.rate
        let victims = ["classification", "sla", "notification", "bus", "intake"]
        var killed: [String] = []
        let started = ContinuousClock.now
        for (index, name) in victims.enumerated() {
            try await Task.sleep(until: started + .seconds(seconds * Double(index + 1) / Double(victims.count + 1)))
            let pid = try Self.pid(of: name, under: suite)
            kill(pid, SIGKILL)
            killed.append("\(name)(\(pid))")
        }
        let (accepted, failed) = await submitter.value
        print("chaos: killed \(killed.joined(separator: ", ")); \(accepted.count) tickets answered 201, \(failed) refused or failed while intake was down")
        #expect(accepted.count >= Self.tickets / 2)

        // Wait until everything converges (resends back off up to 30 s), then count.
        let data = suite.dataDir
        var counts = Counts()
        let deadline = Date().addingTimeInterval(150)
        repeat {
            try await Task.sleep(for: .seconds(2))
            counts = try Self.count(accepted, in: data)
        } while !counts.complete(accepted.count) && Date() < deadline
        print(
            "chaos: of \(accepted.count) accepted: \(counts.classified) classified, \(counts.withClocks) with SLA clocks, "
                + "\(counts.acknowledged) acknowledged once, \(counts.duplicated) acknowledged more than once, "
                + "\(counts.stored) stored once in intake")
        #expect(counts.stored == accepted.count)
        #expect(counts.classified == accepted.count)
        #expect(counts.withClocks == accepted.count)
        #expect(counts.acknowledged == accepted.count)
        #expect(counts.duplicated == 0)
    }

    struct Counts {
        var stored = 0, classified = 0, withClocks = 0, acknowledged = 0, duplicated = 0
        func complete(_ n: Int) -> Bool { classified == n && withClocks == n && acknowledged == n }
    }

    /// Counts straight from each service's SQLite file and the mailbox folder.
    static func count(_ accepted: [String], in data: URL) throws -> Counts {
        let ids = Set(accepted)
        var counts = Counts()
        var configuration = Configuration()
        configuration.readonly = true
        let intake = try DatabaseQueue(path: data.appendingPathComponent("intake.sqlite").path, configuration: configuration)
        let rows = try intake.read { db in try Row.fetchAll(db, sql: "SELECT id, status FROM ticket") }
        var seen: [String: Int] = [:]
        for row in rows where ids.contains(row["id"]) {
            seen[row["id"], default: 0] += 1
            if (row["status"] as String) == "open" { counts.classified += 1 }
        }
        counts.stored = seen.values.filter { $0 == 1 }.count
        let sla = try DatabaseQueue(path: data.appendingPathComponent("sla.sqlite").path, configuration: configuration)
        let clocked = try sla.read { db in try String.fetchAll(db, sql: "SELECT ticket_id FROM ticket_clocks") }
        counts.withClocks = Set(clocked).intersection(ids).count
        let acknowledgements = try Self.acknowledgements(of: ids, in: data)
        counts.acknowledged = acknowledgements.values.filter { $0 == 1 }.count
        counts.duplicated = acknowledgements.values.filter { $0 > 1 }.count
        return counts
    }

    /// Acknowledgements in the mailbox folder (one file per delivery) per ticket of `ids`.
    static func acknowledgements(of ids: Set<String>, in data: URL) throws -> [String: Int] {
        let mailbox = data.appendingPathComponent("mailbox")
        var acknowledgements: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: mailbox.path) where file.hasSuffix(".json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: mailbox.appendingPathComponent(file))) as? [String: Any],
                object["template"] as? String == "ticket.acknowledgement", let ticket = object["ticketID"] as? String, ids.contains(ticket)
            else { continue }
            acknowledgements[ticket, default: 0] += 1
        }
        return acknowledgements
    }

    /// The current pid of a service started by `up` (it changes when `up` restarts one).
    static func pid(of name: String, under suite: SuiteProcess) throws -> Int32 {
        let binary = SuiteProcess.binary(name).path
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = Int32(entry),
                let cmdline = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(entry)/cmdline")),
                let statText = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)
            else { continue }
            let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let parent = statText.split(separator: ")").last?.split(separator: " ").dropFirst(1).first.flatMap { Int32($0) }
            if arguments.first == binary && parent == suite.process.processIdentifier { return pid }
        }
        throw SystemTestError("no running \(name) under supportctl up")
    }
}
}
