import EVDLSyntax
import Foundation
import Testing
@testable import EVDLSema

/// Each spec of `Tests/DomainCorpus` checks without a diagnostic on its own (the reference tests generate them
/// together, as the one module `EVDLDomainTests` compiles).
@Suite struct DomainCorpusTests {
    static let names = ["bank", "billing", "booking", "shop", "social", "warehouse"]

    @Test(arguments: names)
    func checksClean(_ name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Tests/DomainCorpus/\(name).evdl"), encoding: .utf8)
        let checked = analyze([("\(name).evdl", text)])
        #expect(checked.syntaxDiagnostics.isEmpty && checked.diagnostics.isEmpty, "\(checked.summary)")
        #expect(checked.files[0].declarations.count >= 5)
    }
}
