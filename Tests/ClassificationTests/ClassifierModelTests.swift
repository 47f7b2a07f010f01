import Classification
import Foundation
import Testing

@Suite struct ClassifierModelTests {
    private func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("classifier-\(UUID().uuidString).bin")
    }

    /// What is written is what is read: same model, same predictions, to the last bit.
    @Test("a model round-trips through write and load with identical predictions")
    func roundTrip() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let model = TinyCorpus.model
        try model.write(to: url)
        let loaded = try ClassifierModel.load(from: url)
        #expect(loaded == model)
        let before = TicketClassifier(model: model)
        let after = TicketClassifier(model: loaded)
        for ticket in TinyCorpus.tickets {
            #expect(
                before.classify(subject: ticket.subject, description: ticket.description)
                    == after.classify(subject: ticket.subject, description: ticket.description)
            )
        }
    }

    /// The Codable form validates too, so JSON is an equally safe way to move a model.
    @Test("a model round-trips through JSON")
    func jsonRoundTrip() throws {
        let data = try JSONEncoder().encode(TinyCorpus.model)
        #expect(try JSONDecoder().decode(ClassifierModel.self, from: data) == TinyCorpus.model)
    }

    /// A file cut short is reported as truncated, not read as a smaller model.
    @Test("a truncated file is refused")
    func truncated() throws {
        let data = try TinyCorpus.model.encoded()
        #expect(throws: ClassifierModelError.truncated) { try ClassifierModel.decode(data.prefix(data.count - 3)) }
    }

    /// Something else entirely is not a model.
    @Test("a file without the magic bytes is refused")
    func notAModel() {
        #expect(throws: ClassifierModelError.notAModel) { try ClassifierModel.decode(Data("{\"not\":\"a model\"}".utf8)) }
    }

    /// A flipped weight no longer matches the version hash.
    @Test("a damaged weight is caught by the content hash")
    func damaged() throws {
        var data = try TinyCorpus.model.encoded()
        data[data.count - 2] ^= 0x01
        #expect(throws: ClassifierModelError.checksumMismatch(expected: "", actual: "")) { try ClassifierModel.decode(data) }
    }
}
