import Testing
@testable import EVDLSema
import EVDLSyntax
import EVDLTestSupport

/// Whole-module behaviour: many errors in one run without cascades, ordering, and the catalog.
@Suite struct PipelineTests {
    @Test func fiveUnrelatedErrorsInFiveDeclarationsInOrder() {
        let source = MarkedSource(prelude + """
        type Money { amount: «Decml» }
        aggregate Bag {
          id bagId: UUID
          state { n: Int = 0, m: Money? = nil }
          command Fill { }
          event Filled { }
          decide Fill { require «n» else "x"; emit Filled { } }
          apply Filled { n = «now» }
        }
        projection P { key cartId: UUID
          row { n: Int = 0 }
          on Cart.«Open» { n += 1 } }
        publish Cart.Opened to «""»
        """)
        let checked = analyze(source.text)
        #expect(checked.syntaxDiagnostics.isEmpty, "\(checked.summary)")
        #expect(checked.diagnostics.map(\.code.rawValue) == ["EVDL0202", "EVDL0302", "EVDL0310", "EVDL0208", "EVDL0603"], "\(checked.summary)")
        #expect(checked.diagnostics.compactMap { $0.span?.start } == source.marks.map(\.lowerBound))
    }

    @Test func diagnosticsAreSortedAcrossFiles() {
        let checked = analyze([("b.evdl", "enum Later { x }"), ("a.evdl", "type First { t: «Nope» }".replacingMarks())])
        let files = checked.diagnostics.compactMap { $0.span?.file.index }
        #expect(files == files.sorted())
        #expect(checked.diagnostics.count == 3, "\(checked.summary)")
    }

    @Test func everyCodeHasAnExplanationWithExamples() {
        let explained = Dictionary(grouping: SemaDiagnosticCatalog.explanations, by: \.code)
        for code in SemaDiagnostics.allCodes {
            #expect(explained[code]?.count == 1, "\(code) has \(explained[code]?.count ?? 0) explanations")
        }
        #expect(SemaDiagnosticCatalog.explanations.count == SemaDiagnostics.allCodes.count)
        for e in SemaDiagnosticCatalog.explanations {
            #expect(!e.title.isEmpty && !e.explanation.isEmpty && !e.failingExample.isEmpty && !e.fixedExample.isEmpty, "\(e.code)")
            #expect(e.failingExample != e.fixedExample, "\(e.code)")
        }
    }

    @Test func anUnknownTypeDoesNotCascade() {
        let checked = analyze(prelude + """
        aggregate Bag {
          id bagId: UUID
          state { m: Mony? = nil }
          command Fill { m: Mony }
          event Filled { m: Mony }
          decide Fill { require m != state.m else "same"; emit Filled { m } }
          apply Filled { m = event.m }
        }
        """)
        #expect(checked.errors.map(\.code.rawValue) == ["EVDL0202", "EVDL0202", "EVDL0202"], "\(checked.summary)")
    }
}

private extension String {
    /// Drops `«` `»` markers (for texts whose marks are only documentation).
    func replacingMarks() -> String { MarkedSource(self).text }
}
