import Foundation
import Testing

extension EndToEnd {
/// Our calendar arithmetic against an implementation the project does not contain: pandas'
/// `CustomBusinessHour` with Brazil's holidays from the PyPI `holidays` package, over thousands of
/// random cases, through `supportctl calendar add|between` (scripts/calendar-pandas-check.py).
@Suite struct CalendarDifferentialTests {
    static let pandasAvailable: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import pandas, holidays"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(
        "supportctl calendar agrees with pandas on thousands of random cases",
        .enabled(if: pandasAvailable, "python3 with pandas and holidays is not installed (pip install pandas holidays)"))
    func pandas() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let seed = Int.random(in: 1...1_000_000)
        check.arguments = [
            "python3", SuiteProcess.repositoryRoot.appendingPathComponent("scripts/calendar-pandas-check.py").path,
            "--cases", "2000", "--seed", "\(seed)", "--supportctl", SuiteProcess.binary("supportctl").path,
        ]
        let output = Pipe()
        check.standardOutput = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        print(text)
        #expect(check.terminationStatus == 0, "seed \(seed):\n\(text)")
    }
}
}
