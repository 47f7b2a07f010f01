import Synchronization

/// The port a load run's own server bound (it asks for port 0 and learns the real one when
/// the server is running).
final class LoadPort: Sendable {
    private let port = Atomic<Int>(0)
    func set(_ value: Int) { port.store(value, ordering: .relaxed) }
    var value: Int { port.load(ordering: .relaxed) }
}
