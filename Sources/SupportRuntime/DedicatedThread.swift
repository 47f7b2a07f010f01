import Foundation

/// Runs blocking work on a thread of its own and awaits its result: a ZeroMQ socket's calls
/// (made, used and closed on that one thread), or start-up work that waits on a server. The
/// concurrency pool has one thread per core, and a pool thread waiting on a socket or a server
/// is a core's worth of tasks that cannot run meanwhile.
public enum DedicatedThread {
    public static func run<T: Sendable>(name: String? = nil, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            if let name { thread.name = name }
            thread.start()
        }
    }
}
