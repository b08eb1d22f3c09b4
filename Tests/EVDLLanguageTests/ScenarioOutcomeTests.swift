import EVDLRuntime
import Foundation
import Testing

/// The generated scenario tests (`Generated/Scenarios.swift`, written by `evdlc generate --scenario-tests` and kept identical by
/// the generator's reference tests) run as tests of their own; here every scenario's actual outcome is compared byte
/// for byte with `Generated/scenario-outcomes.txt`, the file `evdlc test` must produce as well
/// (`ScenarioText.compareOutcomes`; `EVDL_ACCEPT=1` rewrites the file).
@Suite struct ScenarioOutcomeTests {
    @Test("every scenario's outcome is the one in scenario-outcomes.txt")
    func outcomesMatchTheCheckedInFile() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Generated/scenario-outcomes.txt")
        let difference = try ScenarioText.compareOutcomes(await EVDLScenarios.scenarioOutcomes(), withFile: file)
        #expect(difference == nil, "\(difference ?? "")")
    }
}
