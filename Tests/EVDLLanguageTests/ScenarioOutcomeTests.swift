import EVDLRuntime
import Foundation
import Testing

/// The generated scenario tests (`Generated/Scenarios.swift`, written by `evdlc generate --scenario-tests` and kept
/// identical by the generator's reference tests) run as tests of their own; here every scenario's actual outcome is
/// compared byte for byte with `Generated/scenario-outcomes.txt`, the file `evdlc test` must produce as well
/// (`## <title>` and the outcome text per scenario, in spec order). `EVDL_ACCEPT=1` rewrites the file.
@Suite struct ScenarioOutcomeTests {
    @Test("every scenario's outcome is the one in scenario-outcomes.txt")
    func outcomesMatchTheCheckedInFile() async throws {
        let text = await EVDLScenarios.scenarioOutcomes().map { "## \($0.title)\n\($0.outcome)\n" }.joined()
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Generated/scenario-outcomes.txt")
        if ProcessInfo.processInfo.environment["EVDL_ACCEPT"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(ScenarioText.diff(expected: expected, actual: text))")
    }
}
