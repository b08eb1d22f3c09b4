import Testing
@testable import EVDLSema
import EVDLSyntax

/// One test per `EVDL07xx` code: warnings about declarations that are never used.
@Suite struct UnusedDiagnosticsTests {
    @Test func eventNeverEmitted() {
        expectDiagnostic("EVDL0701", .warning, in: "aggregate Bag {\n id bagId: UUID\n event «Archived» { }\n}",
                         words: ["event `Bag.Archived` is never emitted"])
    }

    @Test func eventWithoutApplyThatTheStateNeeds() {
        expectDiagnostic("EVDL0702", .warning, in: """
        aggregate Parcel {
          id parcelId: UUID
          state { tracking: String? = nil }
          command Ship emits Shipped { tracking: String }
          event «Shipped» { tracking: String }
        }
        """, words: ["event `Parcel.Shipped` has no `apply`", "state field `tracking`"])
    }

    @Test func eventWithoutApplyAndNothingTheStateKeepsIsFine() {
        let checked = analyze(prelude + "aggregate Parcel {\n id parcelId: UUID\n state { n: Int = 0 }\n command Ping emits Pinged { at: Date }\n event Pinged { at: Date }\n}")
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
    }

    @Test func serviceCommandNeverUsed() {
        expectDiagnostic("EVDL0703", .warning, in: "service Mail { command «Send» { to: String } }",
                         words: ["service command `Mail.Send` is never invoked or sent"])
    }

    @Test func constantNeverRead() {
        expectDiagnostic("EVDL0705", .warning, in: """
        aggregate Till {
          id tillId: UUID
          state { n: Int = 0 }
          command Count creates { x: Int }
          event Counted { x: Int }
          decide Count {
            let «doubled» = x * 2
            let read = x + 1
            let _ = x
            emit Counted { x: read }
          }
          apply Counted { n = event.x }
        }
        """, words: ["constant `doubled` is never used"])
    }

    @Test func ifLetConstantNeverRead() {
        expectDiagnostic("EVDL0705", .warning, in: """
        aggregate Till {
          id tillId: UUID
          state { names: [String] = [], n: Int = 0 }
          command Count creates { x: Int }
          event Counted { x: Int }
          decide Count {
            if let «first» = names.first, let last = names.last { require last != "" else "empty" }
            if let _ = names.first { require x > 0 else "no" }
            emit Counted { x }
          }
          apply Counted { n = event.x }
        }
        """, words: ["constant `first` is never used"])
    }

    @Test func constantsReadInShorthandsAndClosuresCount() {
        let checked = analyze(prelude + """
        aggregate Till {
          id tillId: UUID
          state { names: [String] = [], n: Int = 0 }
          command Count creates { x: Int }
          event Counted { x: Int }
          decide Count {
            let limit = 3
            let x = names.count(where: { $0.count > limit })
            emit Counted { x }
          }
          apply Counted { n = event.x }
        }
        """)
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
    }

    @Test func unusedEnum() {
        expectDiagnostic("EVDL0704", .warning, in: "enum «Color» { red, green }", words: ["enum `Color` is never used"])
    }
}
