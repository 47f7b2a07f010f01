import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// TCP ports on 127.0.0.1 that nothing listens on, for servers a load run or a test starts and
/// must name before they start (a PostgreSQL server, a whole suite, a broker's four endpoints).
///
/// One port comes from the kernel (bind to port 0), so it cannot collide with one in use; a
/// range of consecutive ports is found by trying random bases below the kernel's ephemeral
/// range (`net.ipv4.ip_local_port_range`), where no outgoing connection is given a port: in
/// that range, a client connecting between the find and the server's bind took one of the
/// four (seen in a test run with PostgreSQL connections opening in parallel). Either is free
/// when found, not reserved: a server should bind it soon.
///
/// Within one process a port is handed out once a minute at most, and is not probed again in
/// that time: tests running in parallel each find ports for their servers, and a second find
/// returning (or probing with a bind) a port the first has not bound yet made one of them fail
/// (seen as three of four ports listening in a parallel test run).
public enum FreePorts {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The first of `count` consecutive free ports.
    public static func find(count: Int = 1) throws -> Int {
        if count == 1 {
            for _ in 0..<20 {
                if let port = bind(0), claim(port..<port + 1) { return port }
            }
        }
        let ephemeral = ephemeralPorts()
        let bases = ephemeral.lowerBound - count > 10_000 ? 10_000...(ephemeral.lowerBound - count) : 20_000...(60_000 - count)
        for _ in 0..<200 {
            let base = Int.random(in: bases)
            guard !isHandedOut(base..<base + count) else { continue }
            if (0..<count).allSatisfy({ bind(base + $0) != nil }), claim(base..<base + count) { return base }
        }
        throw Unavailable(description: "no \(count) consecutive free TCP ports on 127.0.0.1")
    }

    /// Ports this process handed out, and when: not given or probed again for a minute.
    private static let handedOut = Mutex<[Int: ContinuousClock.Instant]>([:])
    private static let holdFor = Duration.seconds(60)

    private static func isHandedOut(_ ports: Range<Int>) -> Bool {
        let now = ContinuousClock.now
        return handedOut.withLock { given in ports.contains { given[$0].map { now - $0 < holdFor } ?? false } }
    }

    /// Records `ports` as handed out unless one of them already is (another find got there first).
    private static func claim(_ ports: Range<Int>) -> Bool {
        let now = ContinuousClock.now
        return handedOut.withLock { given in
            if given.count > 4096 { given = given.filter { now - $0.value < holdFor } }
            guard !ports.contains(where: { given[$0].map { now - $0 < holdFor } ?? false }) else { return false }
            for port in ports { given[port] = now }
            return true
        }
    }

    /// The ports the kernel hands to outgoing connections and to binds of port 0; Linux's
    /// default when the setting cannot be read.
    public static func ephemeralPorts() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { return 32_768...60_999 }
        return bounds[0]...bounds[1]
    }

    /// Binds `port` (0: any) on 127.0.0.1 and releases it; the port bound, or nil.
    private static func bind(_ port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Glibc.bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}

extension sockaddr_in {
    /// 127.0.0.1:`port` (0: any), as `bind` and `connect` take it.
    public static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
