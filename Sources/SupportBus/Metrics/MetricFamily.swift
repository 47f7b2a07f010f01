import Metrics
import Synchronization

/// One counter and its series by label values, each made once and reused.
///
/// Making a swift-metrics handle asks the backend to find or register the series under its
/// lock; made inline, that happened for every ticket, event and delivery. Label values must
/// stay bounded (channels, outcomes, topics), as Prometheus wants anyway.
public final class CounterFamily: Sendable {
    private let label: String
    private let names: [String]
    private let series = Mutex<[[String]: Counter]>([:])

    public init(_ label: String, labels names: [String] = []) {
        self.label = label
        self.names = names
    }

    /// Adds to the series with `values` (one per label name, in order).
    public func increment(_ values: String..., by amount: Int64 = 1) {
        let counter = series.withLock { series in
            if let counter = series[values] { return counter }
            let counter = Counter(label: label, dimensions: Array(zip(names, values)))
            series[values] = counter
            return counter
        }
        counter.increment(by: amount)
    }
}

/// One histogram of durations and its series by label values, each made once and reused.
public final class TimerFamily: Sendable {
    private let label: String
    private let names: [String]
    private let series = Mutex<[[String]: Metrics.Timer]>([:])

    public init(_ label: String, labels names: [String] = []) {
        self.label = label
        self.names = names
    }

    public func record(_ duration: Duration, _ values: String...) {
        let timer = series.withLock { series in
            if let timer = series[values] { return timer }
            let timer = Metrics.Timer(label: label, dimensions: Array(zip(names, values)))
            series[values] = timer
            return timer
        }
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        timer.recordNanoseconds(max(0, nanoseconds))
    }
}
