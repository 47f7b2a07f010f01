import Foundation
import SupportStore
import SupportDomain

/// `GET /v1/tickets` filters, sort and page, parsed from the query string with a clear 422 for
/// any bad value.
struct TicketQuery {
    enum Sort: String, CaseIterable { case due, created }

    var filters: [(column: String, value: String)] = []
    var createdAfter: Date?, createdBefore: Date?, updatedAfter: Date?, updatedBefore: Date?
    var sla: String?
    var sort: Sort = .due
    var limit = 50
    var after: (key: Double, id: String)?

    static let enumerated: [(name: String, column: String, allowed: [String])] = [
        ("status", "status", TicketStatus.allCases.map(\.rawValue)),
        ("type", "type", TicketType.allCases.map(\.rawValue)),
        ("priority", "priority", Priority.allCases.map(\.rawValue)),
        ("channel", "channel", Channel.allCases.map(\.rawValue)),
        ("language", "language", Language.allCases.map(\.rawValue)),
    ]

    init(parameters: [String: String]) throws {
        let known = Set(Self.enumerated.map(\.name) + [
            "account", "team", "assignee", "createdAfter", "createdBefore", "updatedAfter", "updatedBefore", "sla",
            "sort", "limit", "cursor",
        ])
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw IntakeError.validation("Unknown query parameter \"\(unknown)\"; allowed: \(known.sorted().joined(separator: ", ")).")
        }
        for (name, column, allowed) in Self.enumerated {
            guard let value = parameters[name] else { continue }
            guard allowed.contains(value) else {
                throw IntakeError.validation("\"\(name)\" must be one of \(allowed.joined(separator: ", ")).")
            }
            filters.append((column, value))
        }
        for name in ["account", "team", "assignee"] {
            guard let value = parameters[name] else { continue }
            guard !value.isEmpty, value.count <= 200 else { throw IntakeError.validation("\"\(name)\" must be 1…200 characters.") }
            filters.append((name, value))
        }
        func date(_ name: String) throws -> Date? {
            guard let text = parameters[name] else { return nil }
            guard let date = Timestamp.parse(text) else {
                throw IntakeError.validation("\"\(name)\" must be an ISO 8601 time like 2026-11-26T10:00:00Z.")
            }
            return date
        }
        createdAfter = try date("createdAfter")
        createdBefore = try date("createdBefore")
        updatedAfter = try date("updatedAfter")
        updatedBefore = try date("updatedBefore")
        if let sla = parameters["sla"] {
            guard ["at_risk", "breached", "ok"].contains(sla) else {
                throw IntakeError.validation("\"sla\" must be one of at_risk, breached, ok.")
            }
            self.sla = sla
        }
        if let sort = parameters["sort"] {
            guard let value = Sort(rawValue: sort) else { throw IntakeError.validation("\"sort\" must be due or created.") }
            self.sort = value
        }
        if let limit = parameters["limit"] {
            guard let value = Int(limit), (1...200).contains(value) else {
                throw IntakeError.validation("\"limit\" must be an integer from 1 to 200.")
            }
            self.limit = value
        }
        if let cursor = parameters["cursor"] {
            guard let decoded = Self.decodeCursor(cursor) else { throw IntakeError.validation("\"cursor\" is not one we gave out.") }
            after = decoded
        }
    }

    /// The sort key: next due time (tickets with no running clock last), or creation time.
    var sortExpression: String { sort == .due ? "COALESCE(next_due_at, 1e15)" : "created_at" }

    func fetch(in db: any StoreConnection) throws -> (rows: [[UInt8]], next: String?) {
        var clauses: [String] = []
        var arguments: [StoreValue] = []
        for (column, value) in filters {
            clauses.append("\(column) = ?")
            arguments.append(.text(value))
        }
        for (column, date, op) in [
            ("created_at", createdAfter, ">="), ("created_at", createdBefore, "<"), ("updated_at", updatedAfter, ">="),
            ("updated_at", updatedBefore, "<"),
        ] {
            if let date {
                clauses.append("\(column) \(op) ?")
                arguments.append(.real(date.timeIntervalSince1970))
            }
        }
        if let sla {
            clauses.append("sla_state = ?")
            arguments.append(.text(sla))
        }
        if let after {
            clauses.append("(\(sortExpression) > ? OR (\(sortExpression) = ? AND id > ?))")
            arguments += [.real(after.key), .real(after.key), .text(after.id)]
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let rows = try db.rows(
            "SELECT id, body, \(sortExpression) AS sort_key FROM ticket \(whereClause) ORDER BY sort_key, id LIMIT ?",
            arguments + [StoreValue(limit + 1)])
        let page = rows.prefix(limit)
        let next = try rows.count > limit ? page.last.map { Self.encodeCursor(key: try $0.double(2), id: try $0.string(0)) } : nil
        return (try page.map { try $0.bytes(1) }, next)
    }

    static func encodeCursor(key: Double, id: String) -> String {
        Data("\(key)|\(id)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ text: String) -> (Double, String)? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 200, let data = Data(base64Encoded: base64), let string = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = string.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let key = Double(parts[0]) else { return nil }
        return (key, String(parts[1]))
    }
}
