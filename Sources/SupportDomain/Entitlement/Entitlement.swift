/// Decides whether a requester may open a ticket (SPEC "Who may open a ticket").
///
/// All four rules must hold: a paying contract, a registered requester, the requester in the
/// contract's scope, and a channel the plan allows. The first rule that fails is the reason, so
/// the message tells the requester the one thing to do first.
public enum Entitlement {
    /// The outcome of a check.
    public enum Decision: Sendable, Equatable {
        case allowed(account: Account, requester: User)
        case refused(RefusalReason)
    }

    /// Checks the rules for `requester` (id, e-mail or phone) of `accountID` on `channel`.
    public static func check(accountID: String, requester: String, channel: Channel, in directory: Directory)
        -> Decision
    {
        guard let account = directory.account(id: accountID) else { return .refused(.accountUnknown) }
        return check(account: account, user: directory.user(matching: requester), channel: channel)
    }

    /// The rules over already looked-up parties; `user` is nil when the requester is unknown.
    public static func check(account: Account, user: User?, channel: Channel) -> Decision {
        guard account.plan.isPaying, let contract = account.contract else { return .refused(.planNotEntitled) }
        guard let user else { return .refused(.requesterUnknown) }
        guard user.account == account.id, user.teams.contains(where: contract.botTeams.contains) else {
            return .refused(.requesterOutOfScope)
        }
        guard channel.opensTickets else { return .refused(.selfServiceChannel) }
        guard ChannelEntitlement.allows(account.plan, channel, phoneEnabled: contract.phone) else {
            return .refused(.channelNotAllowed)
        }
        return .allowed(account: account, requester: user)
    }
}
