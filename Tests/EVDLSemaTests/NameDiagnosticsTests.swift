import Testing
@testable import EVDLSema
import EVDLSyntax

/// One test per `EVDL02xx` code: names and declarations.
@Suite struct NameDiagnosticsTests {
    @Test func unknownNameSuggestsTheClosest() {
        let d = expectDiagnostic("EVDL0201", in: """
        aggregate A {
          id aId: UUID
          state { count: Int = 0 }
          command C { }
          event E { }
          decide C { require «cout» > 0 else "none"; emit E { } }
          apply E { count = 1 }
        }
        """, words: ["cannot find `cout` in scope", "did you mean `count`?"])
        #expect(d?.label != nil)
    }

    @Test func unknownTypeSuggestsABuiltin() {
        expectDiagnostic("EVDL0202", in: "type T { name: «Strng» }", words: ["cannot find type `Strng`", "`String`"])
    }

    @Test func unknownEventOfAnAggregate() {
        expectDiagnostic("EVDL0203", in: "publish Cart.«Opend» to \"cart.opened\"", words: ["`Cart` has no event `Opend`", "`Opened`"])
    }

    @Test func ambiguousUnqualifiedEvent() {
        let d = expectDiagnostic("EVDL0204", in: """
        aggregate X {
          id xId: UUID
          command MakeX emits Created { }
          event Created { }
        }
        aggregate Y {
          id yId: UUID
          command MakeY emits Created { }
          event Created { }
        }
        publish «Created» to "created"
        """, words: ["`Created` is ambiguous", "`X.Created`", "`Y.Created`"])
        #expect(d?.notes.count == 2)
    }

    @Test func duplicateTopLevelNameNotesTheFirst() {
        let d = expectDiagnostic("EVDL0205", in: "type «Cart» { a: Int }", words: ["`Cart` is declared more than once"])
        #expect(d?.notes.first?.message == "first declared here")
        #expect(d?.notes.first?.span != nil)
    }

    @Test func duplicateField() {
        expectDiagnostic("EVDL0206", in: "type T { a: Int, «a»: Int }\ntype U { t: T }\naggregate Z { id zId: UUID\n state { u: U? = nil } }",
                         words: ["duplicate field `a`", "first declared here"])
    }

    @Test func duplicateApply() {
        expectDiagnostic("EVDL0207", in: """
        aggregate A {
          id aId: UUID
          state { n: Int = 0 }
          command C emits E { }
          event E { }
          apply E { n = 1 }
          apply «E» { n = 2 }
        }
        """, words: ["more than one `apply` for `E`"])
    }

    @Test func commandWhereAnEventBelongs() {
        expectDiagnostic("EVDL0208", in: "policy P { on Cart.«Open»\n send Cart.Close { cartId: event.cartId } }",
                         words: ["`Cart.Open` is a command, but an event is expected here"])
    }

    @Test func unknownFieldInAMessageLiteral() {
        expectDiagnostic("EVDL0209", in: "policy P { on Cart.Opened\n send Cart.Close { cartId: event.cartId, «reason»: \"x\" } }",
                         words: ["`Cart.Close` has no field `reason`"])
    }

    @Test func missingIdInASend() {
        expectDiagnostic("EVDL0210", in: "policy P { on Cart.Opened\n send «Cart.Open» { total: event.total } }",
                         words: ["missing field `cartId` in `Cart.Open`", "`cartId: …`"])
    }

    @Test func duplicateArgument() {
        expectDiagnostic("EVDL0211", in: "policy P { on Cart.Opened\n send Cart.Close { cartId: event.cartId, «cartId»: event.cartId } }",
                         words: ["field `cartId` is given more than once"])
    }

    @Test func unknownMemberOfAnArray() {
        expectDiagnostic("EVDL0212", in: """
        aggregate A {
          id aId: UUID
          state { names: [String] = [] }
          command C { }
          event E { }
          decide C { require names.«size» > 0 else "none"; emit E { } }
        }
        """, words: ["`[String]` has no member `size`"])
    }
}

/// Wrong kinds beyond commands and events.
@Suite struct WrongKindTests {
    @Test func serviceWhereAnEventBelongs() {
        expectDiagnostic("EVDL0208", in: "service Mail { command Send { } }\npolicy P { on «Mail»\n send Mail.Send { } }",
                         words: ["`Mail` is a service, but an event is expected here"])
    }

    @Test func eventInInvoke() {
        expectDiagnostic("EVDL0208", in: """
        saga S {
          input { cartId: UUID }
          start on Cart.Opened { cartId: event.cartId }
          step a { invoke Cart.«Closed» { cartId }
            retry forever }
        }
        """, words: ["`Cart.Closed` is an event, but a command is expected here"])
    }

    @Test func aggregateUsedAsAType() {
        expectDiagnostic("EVDL0208", in: "type T { cart: «Cart» }", words: ["`Cart` is an aggregate, but a type is expected here"])
    }
}
