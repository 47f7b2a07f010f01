import CZeroMQ

/// The loop a filtered ``Proxy`` runs instead of `zmq_proxy_steerable`: the same forwarding,
/// control verbs and counters, plus a filter on frontend messages.
///
/// Frames move as `zmq_msg_t` (`zmq_msg_send` takes the received message over), so forwarding
/// copies nothing. A message the filter refuses is read to its last frame and dropped whole.
struct FilteringLoop {
    let frontend: Socket
    let backend: Socket
    let capture: Socket?
    let control: Socket
    let filter: (UnsafeRawBufferPointer, String?) -> Bool
    /// frontend in, frontend bytes in, frontend out, frontend bytes out, then the same for the backend.
    private var counters = [UInt64](repeating: 0, count: 8)

    init(
        frontend: Socket, backend: Socket, capture: Socket?, control: Socket,
        filter: @escaping (UnsafeRawBufferPointer, String?) -> Bool
    ) {
        self.frontend = frontend
        self.backend = backend
        self.capture = capture
        self.control = control
        self.filter = filter
    }

    mutating func run() {
        var poller = Poller()
        poller.add(frontend)
        poller.add(backend)
        poller.add(control)
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        while true {
            guard (try? poller.poll(timeout: -1)) != nil else { return }
            if poller.isReadable(2), !handleControl() { return }
            // Bounded bursts per side keep subscriptions flowing while publishers are busy.
            if poller.isReadable(0) {
                for _ in 0..<1024 { guard forward(from: frontend, to: backend, message, filtered: true, counter: 0) else { break } }
            }
            if poller.isReadable(1) {
                for _ in 0..<1024 { guard forward(from: backend, to: frontend, message, filtered: false, counter: 4) else { break } }
            }
        }
    }

    /// Moves one whole message if one is waiting; false when there was none.
    private mutating func forward(
        from source: Socket, to destination: Socket, _ message: UnsafeMutablePointer<zmq_msg_t>, filtered: Bool,
        counter: Int
    ) -> Bool {
        var first = true
        var pass = true
        while true {
            zmq_msg_init(message)
            let received = zmq_msg_recv(message, source.handle, first ? ZMQ_DONTWAIT : 0)
            if received < 0 {
                zmq_msg_close(message)
                return false
            }
            let more = zmq_msg_more(message) != 0
            if first {
                counters[counter] += 1
                if filtered {
                    let bytes = UnsafeRawBufferPointer(start: zmq_msg_data(message), count: zmq_msg_size(message))
                    pass = filter(bytes, Socket.userID(of: message))
                }
                if pass { counters[counter + 2] += 1 }
            }
            counters[counter + 1] += UInt64(received)
            if pass {
                counters[counter + 3] += UInt64(received)
                if let capture {
                    let copy = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
                    zmq_msg_init(copy)
                    zmq_msg_copy(copy, message)
                    _ = zmq_msg_send(copy, capture.handle, more ? ZMQ_SNDMORE | ZMQ_DONTWAIT : ZMQ_DONTWAIT)
                    zmq_msg_close(copy)
                    copy.deallocate()
                }
                // On success libzmq owns the frame; on failure (a full peer) it stays ours to close.
                if zmq_msg_send(message, destination.handle, more ? ZMQ_SNDMORE : 0) < 0 { zmq_msg_close(message) }
            } else {
                zmq_msg_close(message)
            }
            if !more { return true }
            first = false
        }
    }

    /// Answers STATISTICS and PAUSE/RESUME as libzmq does; false on TERMINATE.
    private func handleControl() -> Bool {
        guard let command = try? control.receive(dontWait: true), let verb = command.string(at: 0) else { return true }
        switch verb {
        case "TERMINATE":
            return false
        case "STATISTICS":
            let frames = counters.map { value in withUnsafeBytes(of: value) { Array($0) } }
            _ = try? control.send(Multipart(frames))
            return true
        default:
            return true
        }
    }
}
