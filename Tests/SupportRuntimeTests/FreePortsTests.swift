import Foundation
import Synchronization
import SupportRuntime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The ports `FreePorts` finds can be listened on, one or a range at once.
@Suite struct FreePortsTests {
    /// A listening socket on 127.0.0.1:`port`, or nil if the port is taken.
    static func listen(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in.loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 1) == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    @Test("one port, and a range of four, can each be listened on")
    func portsCanBeListenedOn() throws {
        let one = try FreePorts.find()
        let listener = try #require(Self.listen(one), "port \(one)")
        defer { close(listener) }
        // The held port is not free: a second find gives another.
        #expect(try FreePorts.find() != one)

        let base = try FreePorts.find(count: 4)
        // Below the ports the kernel gives outgoing connections, so none can take one meanwhile.
        #expect(base + 3 < FreePorts.ephemeralPorts().lowerBound, "ports \(base)…\(base + 3)")
        let listeners = (base..<base + 4).compactMap(Self.listen)
        defer { listeners.forEach { close($0) } }
        #expect(listeners.count == 4, "ports \(base)…\(base + 3)")
    }

    @Test("ranges found at once, from many threads, never share a port")
    func rangesAreDisjoint() throws {
        // 300 random ranges of four among some 22,000 bases would overlap several times over
        // (birthday odds); each must be handed out once, as parallel tests' servers need.
        let found = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 300) { _ in
            if let base = try? FreePorts.find(count: 4) { found.withLock { $0.append(base) } }
        }
        let bases = found.withLock { $0 }
        #expect(bases.count == 300)
        let ports = bases.flatMap { $0..<$0 + 4 }
        #expect(Set(ports).count == ports.count, "\(ports.count - Set(ports).count) ports handed out twice")
    }
}
