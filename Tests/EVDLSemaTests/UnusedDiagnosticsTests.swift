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

    @Test func unusedEnum() {
        expectDiagnostic("EVDL0704", .warning, in: "enum «Color» { red, green }", words: ["enum `Color` is never used"])
    }
}
