import Testing
@testable import EVDLSema
import EVDLSyntax

/// One test per `EVDL080x` code: the event-evolution rules a spec decides on its own.
@Suite struct EvolutionDiagnosticsTests {
    @Test func renameOnAFirstVersionEvent() {
        expectDiagnostic("EVDL0801", in: """
        aggregate Till {
          id tillId: UUID
          event Counted { n: Int was «count» }
        }
        """, words: ["`n` says `was count`", "`Counted` is at version 1"])
    }

    @Test func renameOnASecondVersionEventIsTheWayToRename() {
        let checked = analyze(prelude + """
        aggregate Till {
          id tillId: UUID
          state { n: Int = 0 }
          command Count creates { n: Int }
          event Counted v2 { n: Int was count, note: String = "" }
          decide Count { emit Counted { n } }
          apply Counted { n = event.n }
        }
        """)
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
    }

    @Test func renameFromAFieldTheEventStillHas() {
        let d = expectDiagnostic("EVDL0802", in: """
        aggregate Till {
          id tillId: UUID
          event Counted v2 { n: Int was «total», total: Int }
        }
        """, words: ["`n` says `was total`", "`Till.Counted` still declares `total`"])
        #expect(d?.notes.first?.message == "`total` is declared here")
    }

    @Test func renameFromItsOwnName() {
        expectDiagnostic("EVDL0802", in: "type Money { amount: Decimal was «amount» }",
                         words: ["cannot be renamed from its own name"])
    }

    @Test func twoFieldsRenamedFromOneName() {
        let d = expectDiagnostic("EVDL0803", in: """
        service Ledger { command Post { amount: Decimal } -> { net: Decimal was sum, gross: Decimal was «sum» } }
        """, words: ["two fields of the result of `Ledger.Post` say `was sum`"])
        #expect(d?.notes.first?.message == "first renamed from `sum` here")
    }

    @Test func sagaInputRenamesAreCheckedToo() {
        let checked = analyze(prelude + """
        saga Refill {
          input { cartId: UUID, total: Decimal was cartId }
          start on Cart.Opened { cartId: event.cartId, total: event.total }
          step close { invoke Cart.Close { cartId: cartId }; compensate nothing }
        }
        """)
        #expect(checked.errors.map(\.code.rawValue) == ["EVDL0802"], "\(checked.summary)")
    }

    @Test("each explanation's failing example reports its code and its fixed example has no error",
          arguments: SemaExplanations.evolution)
    func explanationExamples(_ explanation: DiagnosticExplanation) {
        let failing = analyze(explanation.failingExample)
        #expect(failing.errors.map(\.code) == [explanation.code], "\(failing.summary)")
        let fixed = analyze(explanation.fixedExample)
        #expect(fixed.errors.isEmpty && fixed.syntaxDiagnostics.isEmpty, "\(fixed.summary)")
    }
}
