import ArgumentParser

/// `supportctl load TARGET`: drive one service in isolation and measure it.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load-test one service in isolation and report throughput and memory.",
        subcommands: [LoadEndToEnd.self, LoadIntakeHTTP.self, LoadIntakeZMQ.self, LoadSLA.self, LoadBus.self, LoadNotification.self])
}
