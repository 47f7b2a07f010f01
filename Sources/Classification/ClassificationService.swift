import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SupportBus
import SupportDomain
import SupportRuntime
import ZeroMQ

/// The `classification` process: stateless, any number of instances share the work.
///
/// Having no store, it cannot keep an outbox, so it chains acknowledgements instead: a
/// `ticket.received` is acknowledged only after every consumer of the `ticket.classified` it
/// produced has acknowledged that. If an instance dies in between, the producer resends the
/// ticket, the classifier recomputes the same verdict under the same derived event id, and the
/// receivers deduplicate it.
public struct ClassificationService: Sendable {
    let classifier: TicketClassifier
    let logger: Logger
    let factory = EventFactory(service: "classification")
    let bus: BusClient
    let sender: HandOffSender
    let chain: AcknowledgementChain

    public init(configuration: ClassificationConfiguration, logger: Logger) throws {
        let model: ClassifierModel
        do {
            model = try ClassifierModel.load(from: URL(fileURLWithPath: configuration.modelPath))
        } catch {
            throw ConfigError(
                key: "classification.modelPath", value: configuration.modelPath,
                expected: "a classifier model file (\(error))")
        }
        self.classifier = TicketClassifier(model: model)
        self.logger = logger
        let bus = BusClient(
            context: try Context(), endpoints: configuration.bus, identity: factory.producer,
            roles: [.classification], credit: configuration.credit, logger: logger)
        self.bus = bus
        let chain = AcknowledgementChain(bus: bus)
        self.chain = chain
        // Upstream waits on these DONEs (chained acknowledgement): report them as they come.
        self.sender = HandOffSender(client: bus, logger: logger, reportAtOnce: true) { keys in await chain.acknowledged(keys) }
        logger.info("classifier model loaded", metadata: ["model": "\(model.version)", "path": "\(configuration.modelPath)"])
    }

    /// Ready: the hand-off backlog of verdicts is under its limit (classification has no store).
    public var readiness: @Sendable () async -> [String: Bool] {
        { [sender, bus] in await Readiness.checks(store: nil, sender: sender, bus: bus) }
    }

    public var services: [any Service] {
        [RunService { try await bus.run() }, RunService { await sender.run() }, RunService { await consume() }]
    }

    /// The verdict for one received ticket, as the `ticket.classified` payload.
    public func classify(_ received: TicketReceived) -> TicketClassified {
        let verdict = classifier.classify(subject: received.ticket.subject, description: received.description)
        let (type, mismatch) = TypeResolution.resolve(requested: received.requestedType, classification: verdict)
        var summary = received.ticket
        summary.type = type
        summary.priority = TypeResolution.priority(for: type, classification: verdict)
        return TicketClassified(
            ticket: summary, requestedType: received.requestedType, classification: verdict, typeMismatch: mismatch,
            model: classifier.model.version)
    }

    /// Confidence as a bounded label: `low` (< 0.5), `medium` (< 0.8) or `high`.
    static func band(_ confidence: Double) -> String {
        confidence < 0.5 ? "low" : confidence < 0.8 ? "medium" : "high"
    }

    /// What one delivery comes to: a verdict to hand off, or why there is none.
    private enum Outcome: Sendable {
        case classified(Envelope, [UInt8], TicketClassified)
        case undecodable(String)
        case notATicket
        case unencodable(String)
    }

    /// Decodes, classifies and encodes one delivery: pure work, done for a whole batch on every
    /// core before the batch takes one hop to the acknowledgement chain and one to the sender.
    private func outcome(of delivery: Delivery) -> Outcome {
        let envelope: Envelope
        do {
            envelope = try EnvelopeCodec.decode(delivery.bytes)
        } catch {
            return .undecodable("\(error)")
        }
        guard case .ticketReceived(let received) = envelope.event else { return .notATicket }
        let classified = classify(received)
        let output = factory.envelope(
            .ticketClassified(classified), id: EventID.derived(from: envelope.id, salt: Topic.ticketClassified.rawValue),
            traceParent: envelope.traceParent)
        do {
            return .classified(output, try EnvelopeCodec.encode(output), classified)
        } catch {
            return .unencodable("\(error)")
        }
    }

    private func consume() async {
        for await batch in bus.batches() {
            var expected: [([OutboxKey], Delivery)] = []
            var items: [OutboxItem] = []
            for (delivery, outcome) in zip(batch, batch.parallelMap(chunk: 32) { [self] in outcome(of: $0) }) {
                switch outcome {
                case .undecodable(let error):
                    logger.warning("dropped an undecodable delivery", metadata: ["event.id": "\(delivery.eventID)", "error": "\(error)"])
                    bus.acknowledge(delivery)
                case .notATicket:
                    bus.acknowledge(delivery)
                case .unencodable(let error):
                    logger.error("could not encode a classification; it will be resent", metadata: ["error": "\(error)"])
                    bus.reject(delivery)
                case .classified(let output, let bytes, let classified):
                    let outgoing = output.topic.consumers.map { OutboxItem(eventID: output.id, role: $0, bytes: bytes) }
                    expected.append((outgoing.map(\.key), delivery))
                    items += outgoing
                    bus.publish(output, bytes: bytes)
                    Self.classified.increment(
                        classified.ticket.type?.rawValue ?? "unknown", classified.classification.language.rawValue,
                        Self.band(classified.classification.typeConfidence))
                    logger.info(
                        "ticket classified",
                        metadata: output.logMetadata.merging([
                            "type": "\(classified.classification.type.rawValue)",
                            "priority": "\(classified.classification.priority.rawValue)",
                            "language": "\(classified.classification.language.rawValue)",
                        ]) { $1 })
                }
            }
            // Expected before sent, so no DONE can arrive for a key the chain does not know yet.
            await chain.expect(expected)
            await sender.send(items)
        }
    }
}

/// Holds each upstream delivery until every hand-off it caused is acknowledged. A redelivery
/// that arrives meanwhile waits with the first and is acknowledged with it.
actor AcknowledgementChain {
    private let bus: BusClient
    private var waiting: [OutboxKey: String] = [:]
    private var remaining: [String: (deliveries: [Delivery], keys: Set<OutboxKey>)] = [:]

    init(bus: BusClient) { self.bus = bus }

    /// Each delivery with the keys of the hand-offs it caused: one call (one hop) per batch.
    func expect(_ batch: [([OutboxKey], Delivery)]) {
        for (keys, delivery) in batch { expect(keys, then: delivery) }
    }

    private func expect(_ keys: [OutboxKey], then delivery: Delivery) {
        guard !keys.isEmpty else {
            bus.acknowledge(delivery)
            return
        }
        if remaining[delivery.eventID] != nil {
            remaining[delivery.eventID]?.deliveries.append(delivery)
            return
        }
        for key in keys { waiting[key] = delivery.eventID }
        remaining[delivery.eventID] = ([delivery], Set(keys))
    }

    func acknowledged(_ keys: [OutboxKey]) {
        var done: [Delivery] = []
        for key in keys {
            guard let upstream = waiting.removeValue(forKey: key), var entry = remaining[upstream] else { continue }
            entry.keys.remove(key)
            if entry.keys.isEmpty {
                remaining[upstream] = nil
                done += entry.deliveries
            } else {
                remaining[upstream] = entry
            }
        }
        bus.acknowledge(done)
    }
}

extension ClassificationService {
    static let classified = CounterFamily("supportdesk_tickets_classified_total", labels: ["type", "language", "confidence"])
}
