import Foundation
import Logging
import SupportBus
import Synchronization
import ZeroMQ

/// The broker's ZeroMQ Authentication Protocol handler (RFC 27): libzmq asks it about every
/// CURVE connection to the broker's sockets, and it admits only keys on the allowlist, naming
/// each connection with its identity (the `User-Id` the broker then reads per message).
///
/// It runs on its own thread with a REP socket at `inproc://zeromq.zap.01` in the broker's
/// context, as CZMQ's `zauth` actor does. The allowlist file is reread when it changes, so
/// keys are added and retired without a restart.
final class ZAPHandler: Sendable {
    static let endpoint = "inproc://zeromq.zap.01"
    private let context: Context
    private let keyring: BusKeyring
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let done = Atomic<Bool>(false)

    init(context: Context, keyring: BusKeyring, logger: Logger) {
        self.context = context
        self.keyring = keyring
        self.logger = logger
    }

    /// Binds the handler; returns once libzmq can ask it.
    func start() async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in
                let socket: Socket
                do {
                    socket = try Socket(context: context, type: .reply)
                    _ = try socket.bind(Self.endpoint)
                } catch {
                    ready.resume(throwing: error)
                    return
                }
                ready.resume()
                serve(socket)
                socket.close()
                done.store(true, ordering: .sequentiallyConsistent)
                finished.withLock { $0 }?.resume()
            }
            thread.name = "zmq-zap"
            thread.start()
        }
    }

    /// Stops the handler after the sockets it guards are closed.
    func stop() async {
        stopping.store(true, ordering: .relaxed)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = finished.withLock { slot -> Bool in
                if done.load(ordering: .sequentiallyConsistent) { return true }
                slot = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }

    private func serve(_ socket: Socket) {
        var allowlist = Allowlist(keyring: keyring, logger: logger)
        var poller = Poller()
        poller.add(socket)
        while !stopping.load(ordering: .relaxed) {
            guard (try? poller.poll(timeout: 250)) != nil else { return }
            guard poller.isReadable(0), let request = try? socket.receive(dontWait: true) else { continue }
            _ = try? socket.send(reply(to: request, allowlist: &allowlist))
        }
    }

    /// Answers one ZAP request: 200 with the identity for a listed CURVE key, 400 otherwise.
    private func reply(to request: Multipart, allowlist: inout Allowlist) -> Multipart {
        // version, request id, domain, address, routing id, mechanism, credentials...
        let version = request.string(at: 0) ?? ""
        let requestID = request.count > 1 ? request[1] : []
        func answer(_ code: String, _ text: String, user: String = "") -> Multipart {
            Multipart([Array("1.0".utf8), requestID, Array(code.utf8), Array(text.utf8), Array(user.utf8), []])
        }
        guard version == "1.0", request.count >= 7 else { return answer("500", "malformed ZAP request") }
        let address = request.string(at: 3) ?? "?"
        guard request.string(at: 5) == "CURVE", let key = CurveKeyPair.z85(request[6]) else {
            logger.warning("bus connection refused: not CURVE", metadata: ["peer": "\(address)"])
            return answer("400", "CURVE required")
        }
        guard let identity = allowlist.identity(of: key) else {
            logger.warning("bus connection refused: key not on the allowlist", metadata: ["peer": "\(address)", "key": "\(key)"])
            return answer("400", "key not allowed")
        }
        logger.debug("bus connection admitted", metadata: ["peer": "\(address)", "identity": "\(identity.rawValue)"])
        return answer("200", "OK", user: identity.rawValue)
    }
}

/// The allowlist as the ZAP handler sees it: reread when the file's modification time or size
/// changes; a malformed file keeps the last good list and says so in the log.
struct Allowlist {
    let keyring: BusKeyring
    let logger: Logger
    private var keys: [String: BusIdentity] = [:]
    private var stamp: (Date, Int)?

    init(keyring: BusKeyring, logger: Logger) {
        self.keyring = keyring
        self.logger = logger
        reloadIfChanged()
    }

    mutating func identity(of key: String) -> BusIdentity? {
        reloadIfChanged()
        return keys[key]
    }

    private mutating func reloadIfChanged() {
        let attributes = try? FileManager.default.attributesOfItem(atPath: keyring.allowlistFile.path)
        let now = ((attributes?[.modificationDate] as? Date) ?? .distantPast, (attributes?[.size] as? Int) ?? -1)
        if let stamp, stamp == now { return }
        do {
            keys = Dictionary(try keyring.allowlist().map { ($0.publicKey, $0.identity) }, uniquingKeysWith: { first, _ in first })
            stamp = now
            logger.info("bus allowlist loaded", metadata: ["keys": "\(keys.count)", "file": "\(keyring.allowlistFile.path)"])
        } catch {
            logger.error("bus allowlist unreadable; keeping the last good one", metadata: ["error": "\(error)"])
        }
    }
}
