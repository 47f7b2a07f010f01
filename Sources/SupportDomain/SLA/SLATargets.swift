/// The three SLA clocks of one plan group × ticket type × priority (SPEC, "SLA").
public struct SLATargets: Sendable, Hashable {
    /// Time to the first public agent reply; never pauses.
    public let firstResponse: SLATarget
    /// Time allowed between public updates while open (incidents); `nil` when not tracked.
    public let nextUpdate: SLATarget?
    /// Time to resolved; pauses while the ticket is pending on the customer.
    public let resolution: SLATarget

    /// Creates the targets of one row.
    public init(firstResponse: SLATarget, nextUpdate: SLATarget?, resolution: SLATarget) {
        self.firstResponse = firstResponse
        self.nextUpdate = nextUpdate
        self.resolution = resolution
    }
}
