import Foundation
import Testing

extension EndToEnd {
    /// `supportctl classify` as an operator runs it: JSON lines in, JSON lines out; `--eval` on the
    /// held-out split prints accuracy, precision and recall, and the confusion matrix.
    @Suite struct ClassifyCommandTests {
        static func run(_ arguments: [String], input: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = SuiteProcess.binary("supportctl")
            process.arguments = arguments
            process.currentDirectoryURL = SuiteProcess.repositoryRoot
            let stdin = Pipe(), stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }

        @Test("classify answers each line in order, with a confidence per field; bad lines are marked")
        func lines() throws {
            let input = """
                {"subject":"Plataforma fora do ar","description":"Nenhum bot responde desde as 10h, erro 503 para todos os clientes"}
                {"subject":"How do I change my bot's greeting?","description":"Where is the welcome message configured?"}
                not json
                """
            let (status, output) = try Self.run(["classify"], input: input)
            let lines = output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(status == 65, "a bad line makes the exit status 65")
            #expect(lines.count == 3)
            #expect(lines[0]["type"] as? String == "incident")
            #expect(lines[0]["language"] as? String == "pt-BR")
            #expect(lines[1]["language"] as? String == "en")
            #expect((lines[1]["confidence"] as? [String: Double])?["type"].map { (0...1).contains($0) } == true)
            #expect(lines[2]["error"] != nil)
        }

        @Test("classify --eval reports the held-out split meeting the targets")
        func evaluation() throws {
            let (status, output) = try Self.run(
                ["classify", "--eval", "services/classification/corpus/heldout.jsonl"], input: "")
            #expect(status == 0)
            #expect(output.contains("precision") && output.contains("recall"))
            func accuracy(_ field: String) -> Double? {
                guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("## \(field): accuracy") }) else { return nil }
                return Double(line.split(separator: " ")[3])
            }
            #expect((accuracy("type") ?? 0) >= 90)
            #expect((accuracy("language") ?? 0) >= 98)
        }
    }
}
