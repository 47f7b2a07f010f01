import Foundation
import Testing
import ZeroMQ

@Suite struct SocketLoopTests {
    /// Async code sends and receives through sockets owned by the loop's own thread.
    @Test("a socket loop bridges sends and receives to async code")
    func bridge() async throws {
        let context = try Context()
        let server = SocketLoop(context: context, name: "server", sockets: [SocketSpec(.router, bind: ["tcp://127.0.0.1:*"])])
        try await server.start()
        let endpoint = try #require(server.boundEndpoints(0).first)
        let client = SocketLoop(
            context: context, name: "client",
            sockets: [SocketSpec(.dealer, connect: [endpoint], byteOptions: [(.routingID, Array("c1".utf8))])])
        try await client.start()

        let count = 2_000
        for i in 0..<count { client.send(Multipart(strings: ["ping", "\(i)"]), on: 0) }
        var seen = 0
        for await message in server.messages(from: 0) {
            #expect(message.string(at: 0) == "c1")
            #expect(message.string(at: 1) == "ping")
            #expect(message.string(at: 2) == "\(seen)")
            seen += 1
            if seen == count { break }
        }
        #expect(seen == count)
        server.send(Multipart(strings: ["c1", "pong"]), on: 0)
        var iterator = client.messages(from: 0).makeAsyncIterator()
        let reply = await iterator.next()
        #expect(reply?.string(at: 0) == "pong")
        await client.stop()
        await server.stop()
        await server.stop()
    }

    /// Setup errors surface from start() instead of killing the thread silently.
    @Test("a loop whose bind fails throws from start")
    func startFailure() async throws {
        let context = try Context()
        let first = SocketLoop(context: context, name: "a", sockets: [SocketSpec(.pull, bind: ["tcp://127.0.0.1:*"])])
        try await first.start()
        let endpoint = try #require(first.boundEndpoints(0).first)
        let second = SocketLoop(context: context, name: "b", sockets: [SocketSpec(.pull, bind: [endpoint])])
        await #expect(throws: ZeroMQError.self) { try await second.start() }
        await first.stop()
    }

    /// The steerable proxy forwards publisher traffic to subscribers and reports statistics.
    @Test("the proxy forwards xsub to xpub and counts messages")
    func proxy() async throws {
        let context = try Context()
        let proxy = Proxy(
            context: context, frontend: SocketSpec(.xsubscriber, bind: ["tcp://127.0.0.1:*"]),
            backend: SocketSpec(.xpublisher, bind: ["tcp://127.0.0.1:*"]))
        try await proxy.start()
        let (front, back) = proxy.boundEndpoints
        let subscriber = SocketLoop(
            context: context, name: "sub", sockets: [SocketSpec(.subscriber, connect: back, subscriptions: [""])])
        try await subscriber.start()
        let publisher = SocketLoop(context: context, name: "pub", sockets: [SocketSpec(.publisher, connect: front)])
        try await publisher.start()
        let sender = Task {
            while !Task.isCancelled {
                publisher.send(Multipart(strings: ["t", "hello"]), on: 0)
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        var iterator = subscriber.messages(from: 0).makeAsyncIterator()
        let message = await iterator.next()
        sender.cancel()
        #expect(message?.string(at: 1) == "hello")
        let stats = try #require(await proxy.statistics())
        #expect(stats.frontendMessagesIn >= 1)
        await publisher.stop()
        await subscriber.stop()
        await proxy.stop()
    }

    /// With a filter the proxy runs its own loop: refused messages are dropped whole, the rest
    /// forwarded, and the control socket still answers.
    @Test("a filtered proxy drops what the filter refuses and forwards the rest")
    func filteredProxy() async throws {
        let context = try Context()
        let proxy = Proxy(
            context: context, frontend: SocketSpec(.xsubscriber, bind: ["tcp://127.0.0.1:*"]),
            backend: SocketSpec(.xpublisher, bind: ["tcp://127.0.0.1:*"]),
            filter: { first, user in user == nil && !first.starts(with: Array("bad".utf8)) })
        try await proxy.start()
        let (front, back) = proxy.boundEndpoints
        let subscriber = SocketLoop(
            context: context, name: "sub", sockets: [SocketSpec(.subscriber, connect: back, subscriptions: [""])])
        try await subscriber.start()
        let publisher = SocketLoop(context: context, name: "pub", sockets: [SocketSpec(.publisher, connect: front)])
        try await publisher.start()
        let sender = Task {
            var n = 0
            while !Task.isCancelled {
                publisher.send(Multipart(strings: ["bad", "dropped \(n)", "third frame"]), on: 0)
                publisher.send(Multipart(strings: ["good", "kept \(n)"]), on: 0)
                n += 1
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        var received: [Multipart] = []
        for await message in subscriber.messages(from: 0) {
            received.append(message)
            if received.count == 5 { break }
        }
        sender.cancel()
        #expect(received.allSatisfy { $0.string(at: 0) == "good" && $0.count == 2 })
        let stats = try #require(await proxy.statistics())
        #expect(stats.frontendMessagesIn > stats.frontendMessagesOut, "refused messages are counted in, not out")
        await publisher.stop()
        await subscriber.stop()
        await proxy.stop()
    }
}
