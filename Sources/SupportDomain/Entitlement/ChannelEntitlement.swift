/// The plan × channel table of the SPEC ("Plans and channels"), as one function.
public enum ChannelEntitlement {
    /// Whether `plan` may use `channel`. Phone is only for `super` and `enterprise`, and then
    /// only when the contract enables it; `trial` has self-service channels only.
    public static func allows(_ plan: Plan, _ channel: Channel, phoneEnabled: Bool) -> Bool {
        switch channel {
        case .documentation, .forum: true
        case .portal, .email, .whatsapp, .chat: plan != .trial
        case .phone: (plan == .super || plan == .enterprise) && phoneEnabled
        }
    }
}
