import CZeroMQ

/// An error from libzmq, with the errno it set and the C call that failed.
///
/// Like GRDB's `DatabaseError`, the raw code is kept so callers can branch on it, and equality
/// compares the code only. `EAGAIN` is never thrown: it is an outcome (`SendResult.wouldBlock`,
/// or `nil` from a receive), the way cppzmq returns an empty optional.
public struct ZeroMQError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The errno value libzmq reported.
    public let errno: Int32
    /// The libzmq function that failed, for the log.
    public let function: String

    public init(errno: Int32, function: String) {
        self.errno = errno
        self.function = function
    }

    /// The context was terminated while the call was in progress: close the socket and leave.
    public var isContextTerminated: Bool { errno == ETERM }

    /// The context was terminated (`ETERM`).
    public static let contextTerminated = ZeroMQError(errno: ETERM, function: "")

    public var description: String {
        let text = String(cString: zmq_strerror(errno))
        return "\(function): \(text) (errno \(errno))"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.errno == rhs.errno }
    public func hash(into hasher: inout Hasher) { hasher.combine(errno) }
}
