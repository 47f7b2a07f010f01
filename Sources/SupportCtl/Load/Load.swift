import ArgumentParser

/// `supportctl load TARGET`: drive one service in isolation and measure it.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load-test one service in isolation, or the suite end to end; throughput, latency percentiles, baselines.",
        discussion: """
            Each target prints a live progress line on standard error and its result on standard \
            output (--json for scripts), with a baseline measured in the same run.

            Examples:
              supportctl load intake-http --rate 2000 --duration 20
              supportctl load end-to-end --tickets 20000 --concurrency 64 --json
            """,
        subcommands: [
            LoadEndToEnd.self, LoadIntakeHTTP.self, LoadIntakeZMQ.self, LoadClassification.self, LoadSLA.self, LoadBus.self, LoadNotification.self,
            LoadCodec.self,
        ])
}
