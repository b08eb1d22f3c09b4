import EVDLInterpreter
import EVDLSema
import EVDLSyntax
import Foundation
import Testing

/// One semantics: the interpreter's outcome of every scenario equals, byte for byte, the outcome the generated Swift
/// produced for the same scenario (`scenario-outcomes.txt`, written by the generated code's `scenarioOutcomes()` and
/// kept current by the generated-code test targets), including rejection messages and the order of events, rows
/// and commands. Scenarios pass or fail alike in both; this compares what actually happened.
@Suite struct DifferentialTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// (the spec module, the generated code's outcomes).
    static let modules: [(specs: String, outcomes: String)] = [
        ("Examples/Checkout/Sources/Checkout", "Tests/EVDLGeneratedCodeTests/CheckoutScenarios/scenario-outcomes.txt"),
        ("Tests/DomainCorpus", "Tests/EVDLDomainTests/Generated/scenario-outcomes.txt"),
        ("Tests/EVDLGeneratorTests/References/language", "Tests/EVDLLanguageTests/Generated/scenario-outcomes.txt"),
    ]

    /// The `## title` records of an outcomes file, in order.
    static func records(_ text: String) -> [(title: String, outcome: String)] {
        var records: [(String, String)] = []
        for chunk in ("\n" + text).components(separatedBy: "\n## ").dropFirst() {
            let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false)
            records.append((String(lines[0]), lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines)))
        }
        return records
    }

    /// Checks every `.evdl` under `path` as one module.
    static func interpret(_ path: String) throws -> [ScenarioResult] {
        var sources = SourceManager()
        var specs: [SpecFile] = []
        let directory = root + "/" + path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".evdl") }.sorted()
        for name in files {
            let id = sources.add(path: path + "/" + name, text: try String(contentsOfFile: directory + "/" + name, encoding: .utf8))
            specs.append(EVDLParser.parse(sources[id]).spec)
        }
        let checked = SemanticAnalyzer.check(specs, sources: sources)
        #expect(!checked.diagnostics.contains { $0.severity == .error }, "\(path) has errors")
        return ScenarioInterpreter(model: checked.model).run()
    }

    @Test("the interpreter and the generated Swift reach identical outcomes", arguments: modules.map(\.specs))
    func identicalOutcomes(_ specs: String) throws {
        let outcomesPath = Self.modules.first { $0.specs == specs }!.outcomes
        let generated = Self.records(try String(contentsOfFile: Self.root + "/" + outcomesPath, encoding: .utf8))
        let interpreted = try Self.interpret(specs)
        #expect(generated.map(\.title) == interpreted.map(\.title), "the same scenarios, in the same order")
        var compared = 0
        for (result, record) in zip(interpreted, generated) where result.status != .skipped {
            #expect(result.actual == record.outcome, "scenario \"\(result.title)\": interpreter\n\(result.actual)\ngenerated Swift\n\(record.outcome)")
            compared += 1
        }
        // Only commands decided in Swift are skipped, and they are few.
        #expect(compared >= interpreted.count - 2 && compared > 0)
    }
}
