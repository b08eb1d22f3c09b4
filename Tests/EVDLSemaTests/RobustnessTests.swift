import Testing
@testable import EVDLSema
import EVDLSyntax

/// The checker runs on whatever partial tree the parser recovers: it must never crash, and every finding has a place.
@Suite struct RobustnessTests {
    @Test func mutatedCheckoutSpecsNeverCrashTheChecker() {
        let example = CheckoutExampleTests.loadExample()
        let text = example.sources.files.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        let bytes = Array(text.utf8)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(max(1, bound)))
        }
        var findings = 0
        for _ in 0..<150 {
            var mutated = bytes
            for _ in 0..<(1 + next(3)) {
                let start = next(mutated.count)
                let length = 1 + next(40)
                switch next(3) {
                case 0: mutated.removeSubrange(start..<min(mutated.count, start + length))
                case 1: mutated.insert(contentsOf: Array("} x: . = ( [ ".utf8).prefix(length), at: start)
                default:
                    let from = next(mutated.count)
                    mutated.insert(contentsOf: mutated[from..<min(mutated.count, from + length)], at: start)
                }
            }
            var sources = SourceManager()
            let id = sources.add(path: "mutated.evdl", bytes: mutated)
            let parsed = EVDLParser.parse(sources[id])
            let result = SemanticAnalyzer.check([parsed.spec], sources: sources)
            findings += result.diagnostics.count + parsed.diagnostics.count
            #expect(result.diagnostics.allSatisfy { $0.span != nil && !$0.message.isEmpty })
            let starts = result.diagnostics.compactMap { $0.span?.start }
            #expect(starts == starts.sorted())
        }
        #expect(findings > 150)
    }
}
