@testable import EVDLSyntax
import Foundation
import Testing

@Suite("Diagnostic catalog")
struct CatalogTests {
    @Test("every code the lexer and parser can emit has exactly one explanation")
    func everyCodeExplained() {
        let explained = SyntaxDiagnosticCatalog.explanations.map(\.code)
        #expect(explained.count == Set(explained).count)
        #expect(Set(explained) == Set(SyntaxDiagnostics.allCodes))
        #expect(SyntaxDiagnostics.allCodes.allSatisfy { $0.rawValue.hasPrefix("EVDL00") || $0.rawValue.hasPrefix("EVDL01") })
    }

    @Test("no code is emitted from the sources that is missing from the list of codes")
    func sourcesUseOnlyListedCodes() throws {
        let directory = repositoryRoot.appendingPathComponent("Sources/EVDLSyntax")
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var found: Set<String> = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: /DiagnosticCode\("(EVDL\d{4})"\)/) { found.insert(String(match.1)) }
        }
        #expect(found == Set(SyntaxDiagnostics.allCodes.map(\.rawValue)))
    }

    @Test("each failing example reports its code and each fixed example parses clean",
          arguments: SyntaxDiagnosticCatalog.explanations)
    func examples(_ explanation: DiagnosticExplanation) {
        #expect(!explanation.title.isEmpty && !explanation.explanation.isEmpty)
        let (fixedFile, fixed) = parse(explanation.fixedExample)
        #expect(describeDiagnostics(fixed.diagnostics, in: fixedFile) == [], "\(explanation.code)")
        // Invalid UTF-8, 300 levels of nesting and 200 errors cannot be written out in an example.
        let described = ["EVDL0001", "EVDL0111", "EVDL0190"]
        if described.contains(explanation.code.rawValue) { return }
        let (failingFile, failing) = parse(explanation.failingExample)
        #expect(failing.diagnostics.map(\.code) == [explanation.code], "\(describeDiagnostics(failing.diagnostics, in: failingFile))")
    }
}
