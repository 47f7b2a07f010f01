import SupportBus
import SupportRuntime

/// Settings of the `classification` process.
public struct ClassificationConfiguration: Sendable {
    /// The model file the classifier loads (see `supportctl classifier train`).
    public var modelPath: String
    public var bus: BusEndpoints
    /// Tickets one instance accepts before acknowledging; the broker shares the rest out.
    public var credit: Int

    public init(modelPath: String, bus: BusEndpoints = .localDefault, credit: Int = 256) {
        self.modelPath = modelPath
        self.bus = bus
        self.credit = credit
    }

    /// | key | env | default |
    /// |---|---|---|
    /// | `classification.modelPath` | `CLASSIFICATION_MODEL_PATH` | `services/classification/model.bin` |
    /// | `classification.credit` | `CLASSIFICATION_CREDIT` | `256` |
    /// | `bus.*` | see `BusEndpoints(reader:)` | loopback 7701–7703 |
    public init(reader: ConfigReader) throws {
        self.init(
            modelPath: reader.string("classification.modelPath", default: "services/classification/model.bin"),
            bus: try BusEndpoints(reader: reader, identity: .classification),
            credit: try reader.int("classification.credit", default: 256, range: 1...100_000))
    }
}
