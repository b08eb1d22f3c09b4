import EVDLSema
import EVDLSyntax
import Foundation
import Testing
@testable import EVDLGenerator

/// Parses and checks one spec text (it must be clean) and generates its Swift.
func generateClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    var sources = SourceManager()
    let id = sources.add(path: "spec.evdl", text: text)
    let parsed = EVDLParser.parse(sources[id])
    let checked = SemanticAnalyzer.check([parsed.spec], sources: sources)
    let errors = (parsed.diagnostics + checked.diagnostics).filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))", sourceLocation: sourceLocation)
    return SwiftGenerator.generate(model: checked.model, sources: sources, options: GeneratorOptions()).first?.contents ?? ""
}

/// The state's `shapeFingerprint` of generated Swift with its doc line (which holds the shape description).
func fingerprintLine(_ swift: String) -> String {
    swift.split(separator: "\n").filter { $0.contains("shapeFingerprint") || $0.contains("FNV-1a of") }.joined(separator: "\n")
}

/// A state holding `T<depth>`, where each `T<i>` holds `T<i-1>` twice and `T0` holds `leaf`.
func doublingTypes(depth: Int, leaf: String = "v: Int") -> String {
    var text = "type T0 { \(leaf) }\n"
    for i in 1...depth { text += "type T\(i) { a: T\(i - 1), b: T\(i - 1) }\n" }
    text += """
        aggregate Holder {
          id holderId: UUID
          state { top: T\(depth)? = nil }
          command Put { top: T\(depth) }
          event Was { top: T\(depth) }
          decide Put { emit Was { top } }
          apply Was { top = event.top }
        }
        """
    return text
}

/// The state fingerprint spells nested types out, which grows exponentially when a type holds another twice:
/// generation hung (and exhausted memory) for 40 levels. Past a size it names each reachable type once instead.
@Suite struct ShapeFingerprintTests {
    @Test func typesHoldingTypesTwiceGenerateQuickly() {
        let start = ContinuousClock.now
        let swift = generateClean(doublingTypes(depth: 40))
        #expect(ContinuousClock.now - start < .seconds(30))
        let line = fingerprintLine(swift)
        #expect(line.contains("shape:top:T40?;T0{v:Int};T1{a:T0,b:T0};"), "\(line.prefix(300))")
        #expect(line.utf8.count < 10_000)
        #expect(swift.utf8.count < 200_000)
    }

    @Test func compactFingerprintsStillFollowNestedTypes() {
        let before = fingerprintLine(generateClean(doublingTypes(depth: 30)))
        let after = fingerprintLine(generateClean(doublingTypes(depth: 30, leaf: "v: Int, w: String")))
        #expect(before.contains("shape:") && after.contains("T0{v:Int,w:String}"))
        #expect(before != after)
    }

    @Test func smallShapesAreStillSpelledOut() {
        let line = fingerprintLine(generateClean(doublingTypes(depth: 2)))
        #expect(line.contains("FNV-1a of `top:T2{a:T1{a:T0{v:Int},b:T0{v:Int}},b:T1{a:T0{v:Int},b:T0{v:Int}}}?`"), "\(line)")
    }
}
