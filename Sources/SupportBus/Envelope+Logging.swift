public import Logging
import SupportDomain

extension Envelope {
    /// The metadata every log line about an event carries, so an operator can grep one ticket,
    /// one event or one request's whole path (`trace.id` is the W3C trace id of the request
    /// that caused it) across every service's log.
    public var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = ["event.id": "\(id)", "event.topic": "\(topic.rawValue)"]
        if let ticketID { metadata["ticket.id"] = "\(ticketID)" }
        if let traceID = Self.traceID(traceParent) { metadata["trace.id"] = "\(traceID)" }
        return metadata
    }

    /// The trace id (second field) of a W3C `traceparent` value.
    public static func traceID(_ traceParent: String?) -> String? {
        guard let traceParent else { return nil }
        let fields = traceParent.split(separator: "-")
        return fields.count == 4 ? String(fields[1]) : nil
    }
}
