import Foundation
import SupportDomain

/// The body of `POST /v1/tickets`.
struct NewTicketRequest {
    var account: String
    var requester: String
    var channel: Channel
    var type: TicketType?
    var subject: String
    var description: String

    static let maximumSubjectLength = 500
    static let maximumDescriptionLength = 100_000

    init(json data: Data) throws {
        let body = try JSONBody(data, allowed: ["account", "requester", "channel", "type", "subject", "description"])
        account = try body.text("account", max: 200)!
        requester = try body.text("requester", max: 320)!
        channel = try body.choice("channel", Channel.self)!
        type = try body.choice("type", TicketType.self, required: false)
        subject = try body.text("subject", max: Self.maximumSubjectLength)!
        description = try body.text("description", max: Self.maximumDescriptionLength, required: false) ?? ""
    }
}

/// The body of `POST /v1/tickets/{id}/replies`: `{author: agent|customer, public?: bool, body}`.
/// Customer replies are always public; agent replies are public unless `public` is false.
struct ReplyRequest {
    var author: TicketUpdated.Author
    var isPublic: Bool
    var body: String

    init(json data: Data) throws {
        let body = try JSONBody(data, allowed: ["author", "public", "body"])
        author = try body.choice("author", TicketUpdated.Author.self)!
        isPublic = author == .customer ? true : try body.bool("public", default: true)
        self.body = try body.text("body", max: NewTicketRequest.maximumDescriptionLength)!
    }
}

/// The body of `POST /v1/tickets/{id}/status`: `{status}`.
struct StatusRequest {
    var status: TicketStatus

    init(json data: Data) throws {
        status = try JSONBody(data, allowed: ["status"]).choice("status", TicketStatus.self)!
    }
}

/// The body of `POST /v1/tickets/{id}/classification`: `{type?, priority?}`, at least one.
struct ReclassifyRequest {
    var type: TicketType?
    var priority: Priority?

    init(json data: Data) throws {
        let body = try JSONBody(data, allowed: ["type", "priority"])
        type = try body.choice("type", TicketType.self, required: false)
        priority = try body.choice("priority", Priority.self, required: false)
        guard type != nil || priority != nil else { throw IntakeError.validation("Give \"type\", \"priority\" or both.") }
    }
}

/// The body of `POST /v1/tickets/{id}/assignment`: `{agent?, team?}`, at least one, both known
/// to the directory.
struct AssignmentRequest {
    var agent: String?
    var team: String?

    init(json data: Data, directory: Directory) throws {
        let body = try JSONBody(data, allowed: ["agent", "team"])
        agent = try body.text("agent", max: 200, required: false)
        team = try body.text("team", max: 200, required: false)
        guard agent != nil || team != nil else { throw IntakeError.validation("Give \"agent\", \"team\" or both.") }
        if let agent, !directory.agents.contains(where: { $0.id == agent }) {
            throw IntakeError.validation("\"agent\" \(agent) is not an agent in the directory.")
        }
        if let team, !directory.agents.contains(where: { $0.team == team }) {
            throw IntakeError.validation("\"team\" \(team) is not a team in the directory.")
        }
    }
}
