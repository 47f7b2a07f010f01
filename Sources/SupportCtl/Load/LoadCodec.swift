import ArgumentParser
import Foundation
import SupportBus
import SupportDomain

/// `supportctl load codec`: how fast the bus's envelopes become bytes and back, against
/// Foundation's `JSONEncoder`/`JSONDecoder` on the same envelopes in the same run. Every
/// service pays one of each per event it handles, so this is the floor under every other
/// target.
struct LoadCodec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Encode and decode bus envelopes flat out; compare with Foundation's JSON coders.",
        discussion: """
            Three envelopes of the kinds the hot paths carry (ticket.classified into sla, \
            ticket.updated into sla, sla.paused out of it), each encoded and decoded --iterations \
            times by the bus's own coders (EnvelopeCodec: EnvelopeWriter and EnvelopeReader, \
            member by member) and by Foundation's. One core, no I/O.

            Examples:
              swift run -c release supportctl load codec
              supportctl load codec --iterations 50000 --json
            """)

    @Option(help: "Encodes and decodes of each envelope, per coder.") var iterations = 100_000
    @Flag(help: "Print the result as one JSON object.") var json = false

    func run() async throws {
        // Times to the millisecond, as the bus carries them, so each envelope reads back equal.
        let now = Date(timeIntervalSince1970: 1_800_000_000.123)
        let ticket = LoadSLA.summary(id: EventID.make(now: now), number: 42, type: .incident, createdAt: now)
        let factory = EventFactory(service: "load")
        let envelopes: [(String, Envelope)] = [
            (
                "ticket.classified",
                factory.envelope(
                    .ticketClassified(
                        TicketClassified(
                            ticket: ticket, requestedType: .incident,
                            classification: TicketClassification(
                                type: .incident, typeConfidence: 0.91, priority: .high, priorityConfidence: 0.62, language: .en,
                                languageConfidence: 0.99), typeMismatch: false, model: "load")), now: now)
            ),
            (
                "ticket.updated",
                factory.envelope(
                    .ticketUpdated(
                        TicketUpdated(
                            ticket: ticket, change: .status, status: .pending, previousStatus: .open, author: .agent, isPublic: true,
                            body: nil, at: now)), now: now)
            ),
            (
                "sla.paused",
                factory.envelope(
                    .slaPaused(
                        SLAClockEvent(
                            ticket: ticket,
                            clock: ClockState(
                                SLAClock(
                                    kind: .resolution, target: SLATarget(duration: .seconds(28_800), calendar: .brazilBusinessHours),
                                    start: now)))), now: now)
            ),
        ]
        let foundationEncoder = EnvelopeCodec.makeEncoder()
        let foundationDecoder = EnvelopeCodec.makeFoundationDecoder()
        var progress = ProgressLine()
        var rows: [[String: Any]] = []
        for (name, envelope) in envelopes {
            let bytes = try EnvelopeCodec.encode(envelope)
            guard try EnvelopeCodec.decode(bytes) == envelope else { throw RunFailure("\(name) does not read back equal") }
            progress.update("codec: \(name)", force: true)
            let encode = try rate { _ = try EnvelopeCodec.encode(envelope) }
            let decode = try rate { _ = try EnvelopeCodec.decode(bytes) }
            let foundationEncode = try rate { _ = try foundationEncoder.encode(envelope) }
            let foundationDecode = try rate { _ = try foundationDecoder.decode(Envelope.self, from: Data(bytes)) }
            rows.append([
                "envelope": name, "bytes": bytes.count, "encodePerSecond": encode, "decodePerSecond": decode,
                "foundationEncodePerSecond": foundationEncode, "foundationDecodePerSecond": foundationDecode,
            ])
        }
        progress.finish()
        if json {
            let data = try JSONSerialization.data(withJSONObject: ["target": "codec", "iterations": iterations, "envelopes": rows], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("envelope           bytes   encode/s (Foundation)   decode/s (Foundation)")
            for row in rows {
                let name = (row["envelope"] as! String).padding(toLength: 17, withPad: " ", startingAt: 0)
                print(
                    name
                        + String(
                            format: "  %5d  %8d (%8d)     %8d (%8d)", row["bytes"] as! Int, row["encodePerSecond"] as! Int,
                            row["foundationEncodePerSecond"] as! Int, row["decodePerSecond"] as! Int, row["foundationDecodePerSecond"] as! Int))
            }
        }
    }

    /// Operations a second over `iterations` calls of `body`.
    private func rate(_ body: () throws -> Void) throws -> Int {
        let started = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        return Int(Double(iterations) / (ContinuousClock.now - started).seconds)
    }
}
