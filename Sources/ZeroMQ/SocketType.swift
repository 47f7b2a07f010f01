import CZeroMQ

/// The ZeroMQ socket patterns this project uses.
public enum SocketType: Sendable, Hashable {
    case publisher, subscriber, xpublisher, xsubscriber
    case push, pull
    case dealer, router
    case pair
    /// REP, used only where a protocol demands strict request/reply (the ZAP handler).
    case reply

    var rawValue: Int32 {
        switch self {
        case .publisher: ZMQ_PUB
        case .subscriber: ZMQ_SUB
        case .xpublisher: ZMQ_XPUB
        case .xsubscriber: ZMQ_XSUB
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .pair: ZMQ_PAIR
        case .reply: ZMQ_REP
        }
    }

    /// Linger every socket gets at creation, in milliseconds. libzmq's default is "forever",
    /// which makes `zmq_ctx_term` hang on unsent messages; CZMQ uses 0. We keep a short grace so
    /// that a clean shutdown still flushes what it just sent.
    public static let defaultLinger: Int32 = 200
}
