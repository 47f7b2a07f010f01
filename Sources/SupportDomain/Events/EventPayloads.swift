import Foundation

/// `ticket.received`: intake committed a new ticket.
public struct TicketReceived: Codable, Sendable, Hashable {
    public var ticket: TicketSummary
    public var requestedType: TicketType?
    public var description: String
    public init(ticket: TicketSummary, requestedType: TicketType?, description: String) {
        self.ticket = ticket
        self.requestedType = requestedType
        self.description = description
    }
}

/// `ticket.rejected`: entitlement refused a ticket; the requester is told what to do.
public struct TicketRejected: Codable, Sendable, Hashable {
    public var account: String
    public var requester: String
    /// Directory e-mail of the requester when known, so the refusal can reach them.
    public var requesterEmail: String?
    public var requesterPhone: String?
    public var channel: Channel
    public var reason: RefusalReason
    public var language: Language
    public var message: String
    public var subject: String
    public init(
        account: String, requester: String, requesterEmail: String?, requesterPhone: String?, channel: Channel,
        reason: RefusalReason, language: Language, message: String, subject: String
    ) {
        self.account = account
        self.requester = requester
        self.requesterEmail = requesterEmail
        self.requesterPhone = requesterPhone
        self.channel = channel
        self.reason = reason
        self.language = language
        self.message = message
        self.subject = subject
    }
}

/// `ticket.classified`: the classifier's verdict and the type and priority the SLA will use.
public struct TicketClassified: Codable, Sendable, Hashable {
    public var ticket: TicketSummary
    public var requestedType: TicketType?
    public var classification: TicketClassification
    public var typeMismatch: Bool
    /// The model that decided, so a verdict can be traced to a model file.
    public var model: String
    public init(
        ticket: TicketSummary, requestedType: TicketType?, classification: TicketClassification, typeMismatch: Bool,
        model: String
    ) {
        self.ticket = ticket
        self.requestedType = requestedType
        self.classification = classification
        self.typeMismatch = typeMismatch
        self.model = model
    }
}

/// `ticket.updated`: a reply or a status change on a ticket.
public struct TicketUpdated: Codable, Sendable, Hashable {
    public enum Change: String, Codable, Sendable, CaseIterable {
        /// A reply by the customer or an agent.
        case reply
        /// A life-cycle status change.
        case status
        /// An agent corrected the type or priority: SLA targets are recomputed.
        case classification
        /// The ticket was assigned to an agent or a team.
        case assignment
    }
    public enum Author: String, Codable, Sendable, CaseIterable {
        case agent, customer
    }
    public var ticket: TicketSummary
    public var change: Change
    public var status: TicketStatus
    public var previousStatus: TicketStatus
    public var author: Author?
    public var isPublic: Bool
    public var body: String?
    public var at: Date
    public init(
        ticket: TicketSummary, change: Change, status: TicketStatus, previousStatus: TicketStatus, author: Author?,
        isPublic: Bool, body: String?, at: Date
    ) {
        self.ticket = ticket
        self.change = change
        self.status = status
        self.previousStatus = previousStatus
        self.author = author
        self.isPublic = isPublic
        self.body = body
        self.at = at
    }
}

/// The three SLA clocks of the SPEC.
public enum ClockKind: String, Codable, Sendable, CaseIterable {
    case firstResponse, nextUpdate, resolution
}

/// One clock as events report it: enough for a reader to show due time and remaining budget.
public struct ClockState: Codable, Sendable, Hashable {
    public var kind: ClockKind
    public var calendar: String
    public var targetSeconds: Int64
    /// Business seconds consumed before `runningSince`.
    public var consumedSeconds: Int64
    public var runningSince: Date?
    public var dueAt: Date?
    public var state: SLAClock.State
    public var breached: Bool

    public init(
        kind: ClockKind, calendar: String, targetSeconds: Int64, consumedSeconds: Int64, runningSince: Date?, dueAt: Date?,
        state: SLAClock.State, breached: Bool
    ) {
        self.kind = kind
        self.calendar = calendar
        self.targetSeconds = targetSeconds
        self.consumedSeconds = consumedSeconds
        self.runningSince = runningSince
        self.dueAt = dueAt
        self.state = state
        self.breached = breached
    }

    public init(_ clock: SLAClock) {
        self.kind = clock.kind
        self.calendar = clock.calendar
        self.targetSeconds = clock.targetSeconds
        self.consumedSeconds = clock.consumedSeconds
        self.runningSince = clock.runningSince
        self.dueAt = clock.dueAt
        self.state = clock.state
        self.breached = clock.breached
    }
}

/// `sla.started`: clocks started for a classified ticket, with their due instants.
public struct SLAStarted: Codable, Sendable, Hashable {
    public var ticket: TicketSummary
    public var clocks: [ClockState]
    public init(ticket: TicketSummary, clocks: [ClockState]) {
        self.ticket = ticket
        self.clocks = clocks
    }
}

/// `sla.warning`, `sla.breached`, `sla.met`, `sla.paused`, `sla.resumed`: one clock changed.
public struct SLAClockEvent: Codable, Sendable, Hashable {
    public var ticket: TicketSummary
    public var clock: ClockState
    /// For warnings: the fraction of the target used (0.75, 0.9).
    public var fraction: Double?
    /// Agents to escalate to (team leads for breaches).
    public var escalateTo: [String]
    public init(ticket: TicketSummary, clock: ClockState, fraction: Double? = nil, escalateTo: [String] = []) {
        self.ticket = ticket
        self.clock = clock
        self.fraction = fraction
        self.escalateTo = escalateTo
    }
}

/// `notification.sent` and `notification.failed`: a delivery to one person on one channel.
public struct NotificationDelivered: Codable, Sendable, Hashable {
    public var ticketID: String?
    public var deliveryID: String
    /// What this message is (acknowledgement, refusal, reply, warning…), which with the
    /// recipient makes the dedupe key: one person sees one message per reason.
    public var template: String
    public var channel: String
    public var recipient: String
    public var language: Language
    public var attempts: Int
    public var error: String?
    public init(
        ticketID: String?, deliveryID: String, template: String, channel: String, recipient: String,
        language: Language, attempts: Int, error: String? = nil
    ) {
        self.ticketID = ticketID
        self.deliveryID = deliveryID
        self.template = template
        self.channel = channel
        self.recipient = recipient
        self.language = language
        self.attempts = attempts
        self.error = error
    }
}
