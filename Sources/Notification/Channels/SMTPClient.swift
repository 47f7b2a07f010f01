import Foundation
import NIOCore
import NIOPosix

/// A small, strict SMTP client (RFC 5321): one connection per message, EHLO, optional AUTH
/// PLAIN, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. Every reply code is checked; a 4xx
/// is a transient failure, a 5xx a permanent one.
///
/// Written by hand because no listed package speaks SMTP. It runs on SwiftNIO's event loops
/// through `NIOAsyncChannel`, so waiting on the server never blocks a thread of the Swift
/// concurrency pool.
public struct SMTPClient: Sendable {
    public var host: String
    public var port: Int
    /// The name this client gives in EHLO.
    public var heloName: String
    public var username: String?
    public var password: String?
    public var timeout: Duration

    public init(host: String, port: Int, heloName: String, username: String? = nil, password: String? = nil, timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.heloName = heloName
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    /// Sends one message (`data` is the whole RFC 5322 text with CRLF line ends).
    public func send(from sender: String, to recipients: [String], data: String) async throws {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw DeliveryFailure.transient("cannot connect to SMTP server \(host):\(port): \(error)")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await Task.sleep(for: timeout)
                throw DeliveryFailure.transient("SMTP conversation with \(host):\(port) took longer than \(timeout)")
            }
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                    try await session.expect(220, after: "connecting")
                    try await session.command("EHLO \(heloName)", expect: 250)
                    if let username, let password {
                        let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                        // The reply is checked, but the command is never echoed into an error.
                        try await session.command("AUTH PLAIN \(token)", expect: 235, describe: "AUTH PLAIN")
                    }
                    try await session.command("MAIL FROM:<\(sender)>", expect: 250)
                    for recipient in recipients { try await session.command("RCPT TO:<\(recipient)>", expect: 250, 251) }
                    try await session.command("DATA", expect: 354)
                    try await session.write(Self.dotStuffed(data) + ".\r\n")
                    try await session.expect(250, after: "the message body")
                    try? await session.command("QUIT", expect: 221)
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Doubles a leading dot on every line (RFC 5321 §4.5.2) and ends the text with CRLF.
    static func dotStuffed(_ data: String) -> String {
        var lines = data.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n") + "\r\n"
    }

    /// The state of one conversation: buffered input split into reply lines.
    struct Session {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending = ""

        mutating func write(_ text: String) async throws {
            try await outbound.write(ByteBuffer(string: text))
        }

        mutating func command(_ line: String, expect codes: Int..., describe: String? = nil) async throws {
            try await write(line + "\r\n")
            try await expect(codes, after: describe ?? String(line.prefix(40)))
        }

        mutating func expect(_ codes: Int..., after what: String) async throws {
            try await expect(codes, after: what)
        }

        /// Reads one reply (all its `NNN-` continuation lines) and checks its code.
        mutating func expect(_ codes: [Int], after what: String) async throws {
            var last = ""
            repeat {
                last = try await line()
            } while last.count >= 4 && last[last.index(last.startIndex, offsetBy: 3)] == "-"
            guard last.count >= 3, let code = Int(last.prefix(3)) else {
                throw DeliveryFailure.transient("SMTP server sent \"\(last.prefix(80))\" after \(what)")
            }
            guard codes.contains(code) else {
                let reason = "SMTP server answered \"\(last.prefix(200))\" after \(what)"
                throw code >= 500 ? DeliveryFailure.permanent(reason) : DeliveryFailure.transient(reason)
            }
        }

        mutating func line() async throws -> String {
            while true {
                if let range = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    return line
                }
                guard pending.utf8.count < 64 * 1024 else { throw DeliveryFailure.transient("SMTP reply line too long") }
                guard var buffer = try await inbound.next() else {
                    throw DeliveryFailure.transient("SMTP server closed the connection")
                }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }
    }
}
