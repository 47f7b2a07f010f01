extension Duration {
    /// The duration in seconds, as rates and metrics report it.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
