import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Intake's SMTP listener: an MTA (Postfix, Exim, a cloud relay) hands it the support
/// address's mail, as it would to any application (RFC 5321, no relaying, no AUTH).
///
/// Strict where it matters: a line longer than 998 octets or a message over the size limit is
/// refused with a 5xx after the data, and nothing is recorded; a message that cannot be read
/// as MIME gets `554`. A database failure answers `451` so the MTA retries and nothing is lost.
/// Machine-written mail and unknown senders are accepted (`250`) and dropped, so no bounce or
/// answer is ever sent back to them.
struct SMTPServer: Service {
    let host: String
    let port: Int
    let maximumSize: Int
    let handler: InboundMailHandler
    let logger: Logger
    static let maximumLineLength = 998
    /// Named in the greeting and EHLO; read once (it may need a resolver call).
    static let hostName = ProcessInfo.processInfo.hostName

    func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        logger.info("smtp listening", metadata: ["address": "\(host):\(server.channel.localAddress?.port ?? port)"])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await session(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// One SMTP conversation, command by command.
    func session(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var reader = LineReader(inbound.makeAsyncIterator())
            func say(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await say("220 \(Self.hostName) SupportDesk intake ESMTP")
            var sender: String?
            var recipients = 0
            while let line = try await reader.line(limit: 2048) {
                guard let text = String(validating: line, as: UTF8.self) else {
                    try await say("500 5.5.2 command is not text")
                    continue
                }
                let verb = text.prefix { $0 != " " && $0 != ":" }.uppercased()
                let argument = text.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
                switch verb {
                case "EHLO":
                    try await say("250-\(Self.hostName) greets \(argument.prefix(100))")
                    try await say("250-SIZE \(maximumSize)")
                    try await say("250-8BITMIME")
                    try await say("250 SMTPUTF8")
                case "HELO": try await say("250 \(Self.hostName)")
                case "MAIL":
                    guard argument.uppercased().hasPrefix("FROM:") else { try await say("501 5.5.4 MAIL FROM:<address>"); continue }
                    sender = Self.path(argument.dropFirst(5))
                    recipients = 0
                    try await say("250 2.1.0 OK")
                case "RCPT":
                    guard sender != nil else { try await say("503 5.5.1 MAIL first"); continue }
                    guard argument.uppercased().hasPrefix("TO:") else { try await say("501 5.5.4 RCPT TO:<address>"); continue }
                    guard recipients < 100 else { try await say("452 4.5.3 too many recipients"); continue }
                    recipients += 1
                    try await say("250 2.1.5 OK")
                case "DATA":
                    guard let from = sender, recipients > 0 else { try await say("503 5.5.1 RCPT first"); continue }
                    try await say("354 end data with <CR><LF>.<CR><LF>")
                    let (message, problem) = try await reader.data(maximumSize: maximumSize)
                    try await say(await receive(message, problem: problem, sender: from))
                    sender = nil
                    recipients = 0
                case "RSET":
                    sender = nil
                    recipients = 0
                    try await say("250 2.0.0 OK")
                case "NOOP": try await say("250 2.0.0 OK")
                case "VRFY": try await say("252 2.5.2 cannot verify")
                case "QUIT":
                    try await say("221 2.0.0 bye")
                    return
                default: try await say("500 5.5.2 command not recognised")
                }
            }
        }
    }

    /// The reply to a finished DATA.
    func receive(_ message: [UInt8], problem: LineReader.DataProblem?, sender: String) async -> String {
        switch problem {
        case .lineTooLong:
            logger.notice("inbound mail refused: line over 998 octets", metadata: ["sender": "\(sender)"])
            return "554 5.6.0 message has a line longer than 998 octets (RFC 5322 2.1.1); nothing was recorded"
        case .tooLarge:
            return "552 5.3.4 message larger than \(maximumSize) bytes; nothing was recorded"
        case nil:
            break
        }
        do {
            switch try await handler.handle(message, envelopeSender: sender) {
            case .opened(let id): return "250 2.0.0 ticket \(id) opened"
            case .replied(let id): return "250 2.0.0 reply added to ticket \(id)"
            case .refused: return "250 2.0.0 accepted; the sender is told why no ticket was opened"
            case .ignored: return "250 2.0.0 accepted"
            }
        } catch let error as MIMEError {
            logger.notice("inbound mail refused: unreadable", metadata: ["error": "\(error)", "sender": "\(sender)"])
            return "554 5.6.0 cannot read this message (\(error)); nothing was recorded"
        } catch {
            logger.error("inbound mail not recorded; the sender will retry", metadata: ["error": "\(error)"])
            return "451 4.3.0 temporary failure; try again later"
        }
    }

    /// `<a@b> SIZE=123` → `a@b`; `<>` → "".
    static func path(_ text: Substring) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("<"), let close = trimmed.firstIndex(of: ">") else {
            return String(trimmed.prefix { $0 != " " })
        }
        return String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
    }

    /// Lines from the connection, CRLF or bare LF.
    struct LineReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var buffer: [UInt8] = []
        var start = 0

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        enum DataProblem { case lineTooLong, tooLarge }

        /// The next line without its line end; nil when the peer closed. A line longer than
        /// `limit` is cut there (the rest is read as the next line).
        mutating func line(limit: Int) async throws -> [UInt8]? {
            while true {
                if let newline = buffer[start...].firstIndex(of: 0x0A) {
                    var end = newline
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    let line = Array(buffer[start..<end])
                    start = newline + 1
                    compact()
                    return line
                }
                if buffer.count - start > limit {
                    let line = Array(buffer[start..<(start + limit)])
                    start += limit
                    compact()
                    return line
                }
                guard var chunk = try await iterator.next() else { return nil }
                buffer += chunk.readBytes(length: chunk.readableBytes) ?? []
            }
        }

        /// The message after DATA, dot-unstuffed, up to the lone "." line; keeps reading past
        /// a problem so the conversation stays in step, but keeps nothing more.
        mutating func data(maximumSize: Int) async throws -> ([UInt8], DataProblem?) {
            var message: [UInt8] = []
            var problem: DataProblem?
            while let raw = try await line(limit: 64 * 1024) {
                if raw == [0x2E] { return (message, problem) }
                if raw.count > SMTPServer.maximumLineLength { problem = problem ?? .lineTooLong }
                if message.count + raw.count > maximumSize { problem = problem ?? .tooLarge }
                guard problem == nil else { continue }
                message += raw.first == 0x2E ? raw.dropFirst() : raw[...]
                message += [0x0D, 0x0A]
            }
            return (message, problem ?? .tooLarge)
        }

        private mutating func compact() {
            if start > 64 * 1024 {
                buffer.removeFirst(start)
                start = 0
            }
        }
    }
}
