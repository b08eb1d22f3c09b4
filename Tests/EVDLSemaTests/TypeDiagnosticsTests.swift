import Testing
@testable import EVDLSema
import EVDLSyntax

/// A decide block of `Cart` with one statement under test, checked in a fresh aggregate `Box` like `Cart`.
private func box(decide statement: String, apply: String = "") -> String {
    """
    aggregate Box {
      id boxId: UUID
      state { lines: [Line] = [], total: Decimal = 0, note: String? = nil, count: Int = 0 }
      command Pack { }
      event Packed { }
      decide Pack { \(statement)
        emit Packed { } }
      apply Packed { \(apply) }
    }
    """
}

/// One test per `EVDL03xx` code: types and expressions.
@Suite struct TypeDiagnosticsTests {
    @Test func mismatchedDefault() {
        expectDiagnostic("EVDL0301", in: "type T { a: Int = «\"x\"» }\naggregate Z { id zId: UUID\n state { t: T? = nil } }",
                         words: ["mismatched types: expected `Int`, found `String`"])
    }

    @Test func requireConditionNotBool() {
        expectDiagnostic("EVDL0302", in: box(decide: "require «lines.count» else \"empty\""),
                         words: ["the condition of `require` must be `Bool`, found `Int`"])
    }

    @Test func noImplicitConversionBetweenDecimalAndDouble() {
        expectDiagnostic("EVDL0303", in: box(decide: "require «total > Double(count)» else \"x\""),
                         words: ["operator `>` cannot be applied to `Decimal` and `Double`", "convert one side"])
    }

    @Test func remainderOfADecimalSaysIntNotDecimal() {
        let d = expectDiagnostic("EVDL0303", in: box(decide: "require «total % count» == 0 else \"x\""),
                                 words: ["operator `%` cannot be applied to `Decimal` and `Int`"])
        #expect(d?.help == "`%` takes `Int` operands: convert with `Int(…)` (toward zero)")
    }

    @Test func anIntNextToAnOptionalDecimalSaysToConvertTheInt() {
        let d = expectDiagnostic("EVDL0303", in: box(decide: "require «[total].first == count» else \"x\""),
                                 words: ["operator `==` cannot be applied to `Decimal?` and `Int`"])
        #expect(d?.help == "an `Int` widens by itself only next to a `Decimal` that is not optional: write `Decimal(…)` around the `Int`")
    }

    @Test func notOnANonBool() {
        expectDiagnostic("EVDL0304", in: box(decide: "require «!lines» else \"x\""), words: ["operator `!` cannot be applied to `[Line]`"])
    }

    @Test func optionalMemberNeedsUnwrapping() {
        expectDiagnostic("EVDL0305", in: box(decide: "require «note».count > 0 else \"x\""),
                         words: ["value of optional type `String?` must be unwrapped", "`??"])
    }

    @Test func coalesceOnNonOptional() {
        expectDiagnostic("EVDL0306", in: box(decide: "let t = «total» ?? 0"), words: ["left side of `??` has non-optional type `Decimal`"])
    }

    @Test func nilWithoutContext() {
        expectDiagnostic("EVDL0307", in: box(decide: "let x = «nil»"), words: ["cannot infer the type of `x`"])
    }

    @Test func callingAnInt() {
        expectDiagnostic("EVDL0308", in: box(decide: "require «count»() > 0 else \"x\""), words: ["cannot call a value of type `Int`"])
    }

    @Test func subscriptingADecimal() {
        expectDiagnostic("EVDL0309", in: box(decide: "let x = «total»[0]"), words: ["value of type `Decimal` cannot be subscripted"])
    }

    @Test func nowInApply() {
        let d = expectDiagnostic("EVDL0310", in: box(decide: "", apply: "note = \"\\(«now»)\""), words: ["`now` is not available in `apply`"])
        #expect(d?.help?.contains("decide") == true)
    }

    @Test func assigningAnEventField() {
        expectDiagnostic("EVDL0311", in: """
        aggregate A {
          id aId: UUID
          state { n: Int = 0 }
          command C { n: Int }
          event E { n: Int }
          decide C { emit E { n } }
          apply E { «event.n» = 1 }
        }
        """, words: ["cannot assign to event field `event.n`"])
    }

    @Test func recursiveTypeThroughAnOptional() {
        let d = expectDiagnostic("EVDL0312", in: """
        type «Node» { name: String, next: Link? }
        type Link { node: Node }
        type Tree { children: [Tree] }
        """, words: ["recursive type `Node` has infinite size", "`Node` → `Link` → `Node`"])
        #expect(d?.notes.count == 2)
    }
}

/// Literal ranges.
@Suite struct LiteralTests {
    @Test func integerLiteralOverflowingInt() {
        expectDiagnostic("EVDL0313", in: "aggregate Z {\n id zId: UUID\n state { big: Int = «99_999_999_999_999_999_999», fine: Decimal = 99999999999999999999 }\n}",
                         words: ["integer literal `99_999_999_999_999_999_999` overflows `Int`"])
    }
}
