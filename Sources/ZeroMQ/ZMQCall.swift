import CZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// What a non-blocking libzmq call can do besides fail.
enum ZMQOutcome<Value> {
    case done(Value)
    case wouldBlock
}

/// The one door to libzmq, as NIO's `syscall(blocking:)` is to the OS: retries `EINTR`,
/// returns `EAGAIN` as `.wouldBlock`, and throws everything else with errno and the C name.
@inline(__always)
func zmqCall(_ function: StaticString, _ body: () -> Int32) throws -> ZMQOutcome<Int32> {
    while true {
        let rc = body()
        if rc >= 0 { return .done(rc) }
        let err = zmq_errno()
        if err == EINTR { continue }
        if err == EAGAIN { return .wouldBlock }
        throw ZeroMQError(errno: err, function: String(describing: function))
    }
}

/// A libzmq call that cannot legitimately answer `EAGAIN` (bind, connect, setsockopt…).
@inline(__always)
@discardableResult
func zmqCheck(_ function: StaticString, _ body: () -> Int32) throws -> Int32 {
    switch try zmqCall(function, body) {
    case .done(let rc): return rc
    case .wouldBlock: throw ZeroMQError(errno: EAGAIN, function: String(describing: function))
    }
}
