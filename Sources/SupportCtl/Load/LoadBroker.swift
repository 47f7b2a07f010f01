import Broker
import Foundation
import Logging
import SupportBus

/// A real broker in the load process, plain text over ipc in `folder`: the bus a service under
/// load talks to, without the suite around it.
struct LoadBroker: Sendable {
    let endpoints: BusEndpoints
    private let task: Task<Void, any Error>

    init(folder: URL, logger: Logger) throws {
        endpoints = BusEndpoints(
            publish: "ipc://\(folder.path)/pub", subscribe: "ipc://\(folder.path)/sub", handoff: "ipc://\(folder.path)/handoff",
            history: "ipc://\(folder.path)/history")
        let broker = try BrokerService(
            configuration: BrokerConfiguration(
                publishBind: endpoints.publish, subscribeBind: endpoints.subscribe, handoffBind: endpoints.handoff,
                historyBind: endpoints.history),
            logger: logger)
        task = Task { try await broker.run() }
    }

    /// The settings that point a service executable at this broker.
    var settings: [String] {
        [
            "bus.publishEndpoint=\(endpoints.publish)", "bus.subscribeEndpoint=\(endpoints.subscribe)",
            "bus.handoffEndpoint=\(endpoints.handoff)", "bus.historyEndpoint=\(endpoints.history)",
        ]
    }

    func stop() { task.cancel() }
}
