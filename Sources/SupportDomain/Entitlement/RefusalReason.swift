/// Why a ticket was refused. The raw values are the machine codes clients see.
public enum RefusalReason: String, Codable, Sendable, CaseIterable {
    /// The account named in the request is not in the directory.
    case accountUnknown = "account_unknown"
    /// Rule 1: the plan has no paying support contract (`trial`).
    case planNotEntitled = "plan_not_entitled"
    /// Rule 2: the requester is not a registered platform user.
    case requesterUnknown = "requester_unknown"
    /// Rule 3: the requester is not in a bot team the contract covers.
    case requesterOutOfScope = "requester_out_of_scope"
    /// Rule 4: the plan does not include this channel.
    case channelNotAllowed = "channel_not_allowed"
    /// Documentation and forum are self-service: they answer with a pointer, never a ticket.
    case selfServiceChannel = "self_service_channel"
}
