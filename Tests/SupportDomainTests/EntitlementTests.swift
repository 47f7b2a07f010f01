import Testing

@testable import SupportDomain

@Suite struct EntitlementTests {
    /// The SPEC's plan × channel table, written out cell by cell: (plan, channel, phone enabled
    /// in the contract, expected).
    static let table: [(Plan, Channel, Bool, Bool)] = {
        var rows: [(Plan, Channel, Bool, Bool)] = []
        for phone in [false, true] {
            for plan in Plan.allCases {
                for channel in Channel.allCases {
                    let expected: Bool
                    switch (plan, channel) {
                    case (_, .documentation), (_, .forum): expected = true
                    case (.trial, _): expected = false
                    case (.startup, .phone), (.lite, .phone), (.plus, .phone): expected = false
                    case (.super, .phone), (.enterprise, .phone): expected = phone
                    default: expected = true
                    }
                    rows.append((plan, channel, phone, expected))
                }
            }
        }
        return rows
    }()

    @Test("every cell of the plan × channel table", arguments: table)
    func tableCell(plan: Plan, channel: Channel, phone: Bool, expected: Bool) {
        #expect(ChannelEntitlement.allows(plan, channel, phoneEnabled: phone) == expected)
    }

    static let directory = Directory(
        supportEmail: "help@example.com",
        accounts: [
            Account(id: "t", name: "Trial", plan: .trial),
            Account(id: "p", name: "Plus", plan: .plus, contract: Contract(botTeams: ["bots"])),
            Account(id: "s", name: "Super", plan: .super, contract: Contract(botTeams: ["bots"], phone: true)),
            Account(id: "s2", name: "Super no phone", plan: .super, contract: Contract(botTeams: ["bots2"], phone: false)),
        ],
        users: [
            User(id: "u1", name: "In scope", email: "In@Example.com", phone: "+55 11 98888-7777", account: "p", teams: ["bots"], language: .ptBR),
            User(id: "u2", name: "Out of scope", email: "out@example.com", account: "p", teams: ["marketing"]),
            User(id: "u3", name: "Trial user", email: "trial@example.com", account: "t", teams: ["bots"]),
            User(id: "u4", name: "Super user", email: "super@example.com", account: "s", teams: ["bots"]),
            User(id: "u5", name: "Super user 2", email: "super2@example.com", account: "s2", teams: ["bots2"]),
        ])

    /// Each rule, and the first failing rule wins: (account, requester, channel, expected reason or nil).
    static let decisions: [(String, String, Channel, RefusalReason?)] = [
        ("nope", "u1", .portal, .accountUnknown),
        ("t", "u3", .portal, .planNotEntitled),
        ("t", "nobody", .portal, .planNotEntitled),
        ("p", "nobody@example.com", .portal, .requesterUnknown),
        ("p", "u2", .email, .requesterOutOfScope),
        ("p", "u4", .email, .requesterOutOfScope),
        ("p", "u1", .documentation, .selfServiceChannel),
        ("p", "u1", .forum, .selfServiceChannel),
        ("p", "u1", .phone, .channelNotAllowed),
        ("s2", "u5", .phone, .channelNotAllowed),
        ("s", "u4", .phone, nil),
        ("p", "u1", .portal, nil),
        ("p", "in@example.com", .whatsapp, nil),
        ("p", "+5511988887777", .chat, nil),
    ]

    @Test("the four rules decide in order", arguments: decisions)
    func decision(account: String, requester: String, channel: Channel, expected: RefusalReason?) {
        let decision = Entitlement.check(accountID: account, requester: requester, channel: channel, in: Self.directory)
        switch (decision, expected) {
        case (.allowed, nil): break
        case (.refused(let reason), let expected?): #expect(reason == expected)
        default: Issue.record("got \(decision), expected \(String(describing: expected))")
        }
    }

    @Test("every refusal has a message in every language that says what to do", arguments: RefusalReason.allCases)
    func messages(reason: RefusalReason) {
        var seen = Set<String>()
        for language in Language.allCases {
            let message = reason.message(in: language, supportEmail: "help@example.com")
            #expect(message.count > 40)
            #expect(seen.insert(message).inserted, "each language has its own sentence")
        }
        if reason == .accountUnknown || reason == .requesterUnknown {
            for language in Language.allCases {
                #expect(reason.message(in: language, supportEmail: "help@example.com").contains("help@example.com"))
            }
        }
    }

    @Test("language tags and Accept-Language pick a language we speak")
    func languages() {
        #expect(Language(tag: "pt") == .ptBR)
        #expect(Language(tag: "es-AR") == .es)
        #expect(Language(tag: "fr") == nil)
        #expect(Language.preferred(acceptLanguage: "fr-FR, es;q=0.8, en;q=0.5") == .es)
        #expect(Language.preferred(acceptLanguage: "de") == nil)
        #expect(Language.preferred(acceptLanguage: nil) == nil)
    }
}

@Suite struct TicketLifecycleTests {
    static let allowed: Set<String> = ["new>pending", "new>resolved", "open>pending", "pending>open", "open>resolved", "pending>resolved", "resolved>open", "resolved>closed"]

    @Test("agents move tickets only along the life cycle", arguments: TicketStatus.allCases)
    func agentChanges(from: TicketStatus) {
        for to in TicketStatus.allCases {
            #expect(from.allowsChange(to: to) == Self.allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from)→\(to)")
        }
    }

    @Test("a customer reply reopens within the window and hands pending tickets back")
    func customerReplies() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let week: TimeInterval = 7 * 86_400
        #expect(TicketStatus.pending.afterCustomerReply(resolvedAt: nil, now: now, reopenWindow: week) == .open)
        #expect(TicketStatus.resolved.afterCustomerReply(resolvedAt: now - 3600, now: now, reopenWindow: week) == .open)
        #expect(TicketStatus.resolved.afterCustomerReply(resolvedAt: now - week - 1, now: now, reopenWindow: week) == nil)
        #expect(TicketStatus.closed.afterCustomerReply(resolvedAt: nil, now: now, reopenWindow: week) == nil)
        #expect(TicketStatus.open.afterCustomerReply(resolvedAt: nil, now: now, reopenWindow: week) == .open)
    }
}

import Foundation
