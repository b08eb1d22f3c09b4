// Reference tests: a spec goes in, the generated Swift is compared byte for byte with an expected file.
//
// After an intended change to the generated code, regenerate every expected file with
//
//     EVDL_ACCEPT=1 swift test --filter EVDLGeneratorTests.ReferenceTests
//
// and review the result with `git diff Tests/` before committing. Without `EVDL_ACCEPT` a mismatch fails with a
// line diff. The cases and where their files live:
// - `checkout`: `Examples/Checkout/Sources/Checkout/*.evdl` → `Tests/EVDLGeneratedCodeTests/Checkout/` (internal
//   access). That folder is compiled by the `EVDLGeneratedCodeTests` target, so the code its tests drive is exactly
//   the expected output checked here.
// - `checkout-public`, `checkout-package`: the same specs with `public` / `package` access → `References/checkout-*/`.
// - `names`: `References/names/names.evdl` (keywords and names that clash with generated members) →
//   `Tests/EVDLGeneratedCodeTests/Names/`.
// - `expressions`: `References/expressions/expressions.evdl` (every expression and statement form of decide/apply,
//   event versions with defaults and `was`) → `Tests/EVDLGeneratedCodeTests/Expressions/`.
// - `sales`: `References/sales/sales.evdl` (existence, projections over several rows and with `where`, key
//   queries, recorded metadata, policies acting on service results) → `Tests/EVDLGeneratedCodeTests/Sales/`.
// - `flows`: `References/flows/flows.evdl` (sagas, services, policies and publish routes in their less common
//   forms) → `References/flows/`.
// - `bank`, `feed`: the other examples (`Examples/Bank`, `Examples/Feed`; the feed with `public` access) →
//   `References/bank/`, `References/feed/`.
// - `evolution`: `References/evolution/evolved.evdl` (one change of a v1 event per aggregate, with its verdict
//   against `v1.evdl`'s lock) → `Tests/EVDLGeneratedCodeTests/Evolution/`, which reads v1 payloads.
// - `evolution-v1`: `References/evolution/v1.evdl` with `public` access → `Tests/EVDLEvolutionV1/`, the module
//   whose code writes those v1 events, saga inputs and snapshots.
// The outputs under `Tests/EVDLGeneratedCodeTests/` are compiled by that target and driven by its tests.
// `.ci/check-generated` type-checks all of them against the built `EVDLRuntime` (warnings are errors, also under
// MainActor default isolation).
import EVDLGenerator
import EVDLSema
import EVDLSyntax
import Foundation
import Testing

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One reference case: spec files in, one expected folder out.
struct ReferenceCase: CustomStringConvertible, Sendable {
    var name: String
    var specs: [String]
    var expectedFolder: String
    var access: AccessLevel
    /// Where the scenario tests of the specs are written too (`Scenarios.swift` in the expected folder), and the
    /// module they import (`nil`: compiled in the same target as the generated code).
    var scenarioTests: (folder: String, module: String?)? = nil

    var description: String { name }

    static let checkoutSpecs = ["checkout.evdl", "order.evdl", "participants.evdl", "types.evdl"]
        .map { "Examples/Checkout/Sources/Checkout/\($0)" }

    /// The specs of `Tests/DomainCorpus`, written from public descriptions of real systems.
    static let corpusSpecs = ["bank", "billing", "booking", "shop", "social", "warehouse"].map { "Tests/DomainCorpus/\($0).evdl" }

    static let all: [ReferenceCase] = [
        ReferenceCase(name: "checkout", specs: checkoutSpecs, expectedFolder: "Tests/EVDLGeneratedCodeTests/Checkout", access: .internal,
                      scenarioTests: ("Tests/EVDLGeneratedCodeTests/CheckoutScenarios", nil)),
        // The Checkout example's module (both folders of its target), whose test target runs the scenario tests.
        ReferenceCase(name: "checkout-example-scenarios", specs: checkoutSpecs + ["Examples/Checkout/Sources/Choreography/choreography.evdl"],
                      expectedFolder: "", access: .internal, scenarioTests: ("Examples/Checkout/Tests/CheckoutTests", "Checkout")),
        // The Bank and Feed examples' scenarios, run by their test targets' `swift test` in CI.
        ReferenceCase(name: "bank-example-scenarios", specs: ["Examples/Bank/Sources/Bank/account.evdl"], expectedFolder: "",
                      access: .internal, scenarioTests: ("Examples/Bank/Tests/BankTests", "Bank")),
        ReferenceCase(name: "feed-example-scenarios", specs: ["Examples/Feed/Sources/Feed/feed.evdl"], expectedFolder: "",
                      access: .public, scenarioTests: ("Examples/Feed/Tests/FeedTests", "Feed")),
        ReferenceCase(name: "checkout-public", specs: checkoutSpecs, expectedFolder: "Tests/EVDLGeneratorTests/References/checkout-public", access: .public),
        ReferenceCase(name: "checkout-package", specs: checkoutSpecs, expectedFolder: "Tests/EVDLGeneratorTests/References/checkout-package", access: .package),
        ReferenceCase(name: "names", specs: ["Tests/EVDLGeneratorTests/References/names/names.evdl"], expectedFolder: "Tests/EVDLGeneratedCodeTests/Names", access: .internal),
        ReferenceCase(name: "bank", specs: ["Examples/Bank/Sources/Bank/account.evdl"], expectedFolder: "Tests/EVDLGeneratorTests/References/bank", access: .internal),
        ReferenceCase(name: "feed", specs: ["Examples/Feed/Sources/Feed/feed.evdl"], expectedFolder: "Tests/EVDLGeneratorTests/References/feed", access: .public),
        ReferenceCase(name: "expressions", specs: ["Tests/EVDLGeneratorTests/References/expressions/expressions.evdl"], expectedFolder: "Tests/EVDLGeneratedCodeTests/Expressions", access: .internal),
        // The language spec, in a target of its own with its scenario tests (one `EVDLScenarios` per module): the
        // differential test holds the interpreter to the generated Swift on every form of the language.
        ReferenceCase(name: "language", specs: ["Tests/EVDLGeneratorTests/References/language/language.evdl"],
                      expectedFolder: "Tests/EVDLLanguageTests/Generated", access: .internal,
                      scenarioTests: ("Tests/EVDLLanguageTests/Generated", nil)),
        // The domain corpus, compiled into one test target (`EVDLDomainTests`), so generated as one module.
        ReferenceCase(name: "corpus", specs: corpusSpecs, expectedFolder: "Tests/EVDLDomainTests/Generated", access: .internal,
                      scenarioTests: ("Tests/EVDLDomainTests/Generated", nil)),
        ReferenceCase(name: "sales", specs: ["Tests/EVDLGeneratorTests/References/sales/sales.evdl"], expectedFolder: "Tests/EVDLGeneratedCodeTests/Sales", access: .internal),
        ReferenceCase(name: "flows", specs: ["Tests/EVDLGeneratorTests/References/flows/flows.evdl"], expectedFolder: "Tests/EVDLGeneratorTests/References/flows", access: .internal),
        ReferenceCase(name: "evolution", specs: ["Tests/EVDLGeneratorTests/References/evolution/evolved.evdl"], expectedFolder: "Tests/EVDLGeneratedCodeTests/Evolution", access: .internal),
        ReferenceCase(name: "evolution-v1", specs: ["Tests/EVDLGeneratorTests/References/evolution/v1.evdl"], expectedFolder: "Tests/EVDLEvolutionV1", access: .public),
    ]
}

/// Parses, checks and generates; records every error diagnostic as a test issue.
func generateChecked(_ paths: [String], access: AccessLevel, root: URL = repositoryRoot) throws -> [GeneratedFile] {
    var sources = SourceManager()
    for path in paths {
        let url = root.appendingPathComponent(path)
        sources.add(path: url.path, bytes: Array(try Data(contentsOf: url)))
    }
    var specs: [SpecFile] = []
    for file in sources.files {
        let parsed = EVDLParser.parse(file)
        for d in parsed.diagnostics where d.severity == .error { Issue.record("\(file.path): \(d.message)") }
        specs.append(parsed.spec)
    }
    let checked = SemanticAnalyzer.check(specs, sources: sources)
    for d in checked.diagnostics where d.severity == .error {
        Issue.record("\(d.span.map { sources.describe($0) } ?? "?"): \(d.message)")
    }
    return SwiftGenerator.generate(model: checked.model, sources: sources, options: GeneratorOptions(accessLevel: access))
}

/// Parses and checks, then generates the scenario tests (`nil` without scenarios).
func generateScenarioTests(_ paths: [String], module: String?, root: URL = repositoryRoot) throws -> GeneratedFile? {
    var sources = SourceManager()
    for path in paths {
        let url = root.appendingPathComponent(path)
        sources.add(path: url.path, bytes: Array(try Data(contentsOf: url)))
    }
    let specs = sources.files.map { EVDLParser.parse($0).spec }
    let checked = SemanticAnalyzer.check(specs, sources: sources)
    for d in checked.diagnostics where d.severity == .error { Issue.record("\(d.message)") }
    return SwiftGenerator.generateScenarioTests(model: checked.model, sources: sources, module: module, options: GeneratorOptions())
}

/// A readable report of where two texts first differ, with a few lines of context from each.
func lineDiff(expected: String, actual: String) -> String? {
    if expected == actual { return nil }
    let e = expected.components(separatedBy: "\n")
    let a = actual.components(separatedBy: "\n")
    var first = 0
    while first < e.count, first < a.count, e[first] == a[first] { first += 1 }
    let from = max(0, first - 3)
    func excerpt(_ lines: [String], marker: String) -> String {
        let to = min(lines.count, first + 4)
        guard from < to else { return "  (ends before line \(first + 1))" }
        return (from..<to).map { i in "\(i == first ? marker : " ") \(i + 1)\t\(lines[i])" }.joined(separator: "\n")
    }
    return """
        first difference at line \(first + 1) (expected \(e.count) lines, got \(a.count)):
        --- expected
        \(excerpt(e, marker: "-"))
        +++ generated
        \(excerpt(a, marker: "+"))
        """
}

@Suite struct ReferenceTests {
    @Test(arguments: ReferenceCase.all.filter { $0.scenarioTests != nil })
    func scenarioTestsMatchTheExpectedFile(_ reference: ReferenceCase) throws {
        guard let (folderPath, module) = reference.scenarioTests,
              let generated = try generateScenarioTests(reference.specs, module: module)
        else {
            Issue.record("\(reference.name) has no scenarios")
            return
        }
        let url = repositoryRoot.appendingPathComponent(folderPath).appendingPathComponent(generated.name)
        if ProcessInfo.processInfo.environment["EVDL_ACCEPT"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? String(contentsOf: url, encoding: .utf8)) != generated.contents { try generated.contents.write(to: url, atomically: true, encoding: .utf8) }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if let diff = lineDiff(expected: expected, actual: generated.contents) {
            Issue.record("\(folderPath)/\(generated.name) differs from the generated scenario tests; \(diff)")
        }
    }

    @Test(arguments: ReferenceCase.all.filter { !$0.expectedFolder.isEmpty })
    func generatedSwiftMatchesTheExpectedFiles(_ reference: ReferenceCase) throws {
        let generated = try generateChecked(reference.specs, access: reference.access)
        let folder = repositoryRoot.appendingPathComponent(reference.expectedFolder)
        let accept = ProcessInfo.processInfo.environment["EVDL_ACCEPT"] == "1"
        if accept { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for file in generated {
            let url = folder.appendingPathComponent(file.name)
            if accept {
                let old = try? String(contentsOf: url, encoding: .utf8)
                if old != file.contents { try file.contents.write(to: url, atomically: true, encoding: .utf8) }
                continue
            }
            guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("\(reference.expectedFolder)/\(file.name) is missing; run `EVDL_ACCEPT=1 swift test --filter EVDLGeneratorTests.ReferenceTests`")
                continue
            }
            if let diff = lineDiff(expected: expected, actual: file.contents) {
                Issue.record("\(reference.expectedFolder)/\(file.name) differs from the generated Swift; \(diff)")
            }
        }
        // An expected file the generator no longer writes is stale.
        let names = Set(generated.map(\.name))
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for stale in present.sorted() where stale.hasSuffix(".evdl.swift") && !names.contains(stale) {
            Issue.record("\(reference.expectedFolder)/\(stale) is not generated any more; delete it")
        }
    }

    @Test func outputIsByteIdenticalAcrossRunsAndDoesNotDependOnWhereTheSpecsAre() throws {
        let first = try generateChecked(ReferenceCase.checkoutSpecs, access: .public)
        let second = try generateChecked(ReferenceCase.checkoutSpecs, access: .public)
        #expect(first == second)
        #expect(!first.isEmpty)
        // The same specs under another directory give the same files.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-determinism-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        for spec in ReferenceCase.checkoutSpecs {
            let target = copy.appendingPathComponent(spec)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(spec), to: target)
        }
        let moved = try generateChecked(ReferenceCase.checkoutSpecs, access: .public, root: copy)
        #expect(moved == first)
        for file in first {
            #expect(!file.contents.contains(repositoryRoot.path), "\(file.name) mentions an absolute path")
        }
    }

    @Test func accessLevelsDifferOnlyInTheirKeyword() throws {
        let plain = try generateChecked(ReferenceCase.checkoutSpecs, access: .internal)
        for access in [AccessLevel.public, .package] {
            let other = try generateChecked(ReferenceCase.checkoutSpecs, access: access)
            #expect(other.map(\.name) == plain.map(\.name))
            for (a, b) in zip(plain, other) {
                #expect(b.contents.contains("\(access.rawValue) nonisolated struct"))
                #expect(b.contents.replacingOccurrences(of: "\(access.rawValue) ", with: "") == a.contents, "\(b.name)")
            }
        }
    }

    @Test func lineDiffPointsAtTheFirstDifferentLine() throws {
        #expect(lineDiff(expected: "a\nb\n", actual: "a\nb\n") == nil)
        let diff = try #require(lineDiff(expected: "a\nb\nc\n", actual: "a\nB\nc\n"))
        #expect(diff.contains("first difference at line 2"))
        #expect(diff.contains("- 2\tb"))
        #expect(diff.contains("+ 2\tB"))
    }
}
