import ArgumentParser
import Foundation
import SupportBus
import SupportRuntime

/// How an operator command reaches the bus: the endpoints from settings and the operator's
/// CURVE key from `--keys`, `bus.keys`/`BUS_KEYS`, or the `data/keys` folder `supportctl up`
/// made in the current directory.
struct BusAccessOption: ParsableArguments {
    @Option(help: "Folder of bus keys (default: bus.keys / BUS_KEYS, else ./data/keys when it exists).")
    var keys: String?

    /// The bus endpoints with the operator's credentials when a key folder is known.
    func endpoints() throws -> BusEndpoints {
        var overrides: [String: String] = [:]
        let environment = ProcessInfo.processInfo.environment
        if let keys {
            overrides["bus.keys"] = keys
        } else if environment[ConfigReader.environmentName(for: "bus.keys")] == nil,
            FileManager.default.fileExists(atPath: "data/keys/operator.key")
        {
            overrides["bus.keys"] = "data/keys"
        }
        return try BusEndpoints(reader: ConfigReader(overrides: overrides), identity: .operator)
    }
}
