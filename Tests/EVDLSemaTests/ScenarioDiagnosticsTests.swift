import Testing
@testable import EVDLSema
import EVDLSyntax

/// The cart prelude plus a projection, a service, a saga and a policy that scenarios can name with `for`.
let scenarioPrelude = """
service Pay {
  command Charge { cartId: UUID, amount: Decimal } -> { tx: String }
  command Refund { tx: String }
  command Check { }
  command Notify { cartId: UUID }
}
projection Totals {
  key cartId: UUID
  row { total: Decimal = 0, open: Bool = true }
  on Cart.Opened { total = event.total }
  on Cart.Closed { open = false }
  query above(amount: Decimal) -> [Totals] where row.total > amount
  query first(minimum: Decimal) -> Totals? where row.total >= minimum
}
saga Buy {
  input { cartId: UUID, amount: Decimal }
  start on Cart.Opened { cartId: event.cartId, amount: event.total }
  step charge { invoke Pay.Charge { cartId, amount } as c; compensate Pay.Refund { tx: c.tx }; timeout 10s; retry 2 }
  step check { invoke Pay.Check { }; compensate nothing }
  step close { invoke Cart.Close { cartId } }
  step notify { invoke Pay.Notify { cartId }; retry forever }
}
policy CloseLater {
  on Cart.Opened where event.total > 100
  after 30m send Cart.Close { cartId: event.cartId }
}

"""

/// Checks `prelude + scenarioPrelude + marked` for exactly one `code` at the mark.
@discardableResult
func expectScenarioDiagnostic(_ code: String, in marked: String, words: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    expectDiagnostic(code, in: scenarioPrelude + marked, words: words, sourceLocation: sourceLocation)
}

/// One test per scenario code (`EVDL0440`–`EVDL0449`), and the clean forms of every kind.
@Suite struct ScenarioDiagnosticsTests {
    @Test("scenarios of every kind check clean, and the model records each subject and query")
    func everyKindChecksClean() {
        let checked = analyze(prelude + scenarioPrelude + """
        scenario "aggregate by name" for Cart { given Cart.Opened { cartId: id(1), total: 5 }; when Cart.Close { cartId: id(1) }; then Cart.Closed { cartId: id(1) } }
        scenario "rows" for Totals {
          given Cart.Opened { cartId: id(1), total: 5 }
          then Totals { cartId: id(1), total: 5 }
        }
        scenario "query" for Totals {
          given Cart.Opened { cartId: id(1), total: 5 }
          when above(amount: 1)
          then Totals { cartId: id(1), total: 5, open: true }
        }
        scenario "no rows" for Totals { then nothing }
        scenario "saga" for Buy {
          given Pay.Charge replies { tx: "t" }, Pay.Check fails "no"
          when Cart.Opened { cartId: id(1), total: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 } Pay.Check { } Pay.Refund { tx: "t" } compensated
        }
        scenario "saga from input" for Buy {
          given Pay.Charge times out
          when Buy { cartId: id(1), amount: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 } compensated
        }
        scenario "policy" for CloseLater {
          when Cart.Opened { cartId: id(1), total: 500 }
          then after 30m Cart.Close { cartId: id(1) }
        }
        scenario "filtered" for CloseLater { when Cart.Opened { cartId: id(1), total: 5 }; then nothing }
        """)
        #expect(checked.errors.isEmpty && checked.syntaxDiagnostics.isEmpty, "\(checked.summary)")
        #expect(checked.model.symbols.scenarios.map(\.subject) == [
            .aggregate("Cart"), .projection("Totals"), .projection("Totals"), .projection("Totals"), .saga("Buy"), .saga("Buy"),
            .policy("CloseLater"), .policy("CloseLater"),
        ])
        #expect(checked.model.symbols.scenarios.map(\.query) == [nil, nil, "above", nil, nil, nil, nil, nil])
        #expect(checked.model.symbols.scenarios[0].aggregate == "Cart")
    }

    @Test func unknownSubjectSuggestsAName() {
        expectScenarioDiagnostic("EVDL0440", in: "scenario \"s\" for «Total» { then nothing }",
                                 words: ["cannot find an aggregate, projection, saga or policy named `Total`", "`Totals`"])
    }

    @Test func aServiceIsNoSubject() {
        expectScenarioDiagnostic("EVDL0440", in: "scenario \"s\" for «Pay» { when Pay.Check { }; then nothing }",
                                 words: ["`Pay` is a service, which a scenario cannot exercise", "declared here"])
    }

    @Test func aReplyDoesNotFitAProjectionScenario() {
        expectScenarioDiagnostic("EVDL0441", in: "scenario \"s\" for Totals { given «Pay.Check replies»; then nothing }",
                                 words: ["a reply does not fit a scenario for a projection"])
    }

    @Test func aSagaScenarioEndsWithAnOutcome() {
        expectScenarioDiagnostic("EVDL0441", in: """
        scenario "s" for Buy {
          given Pay.Charge fails "no"
          when Cart.Opened { cartId: id(1), total: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 }«»
        }
        """, words: ["a `then` without an outcome does not fit a scenario for saga `Buy`", "`completed`, `compensated` or `failed`"])
    }

    @Test func aSagaScenarioCannotExpectARejection() {
        expectScenarioDiagnostic("EVDL0441", in: "scenario \"s\" for Buy { when Buy { cartId: id(1), amount: 1 }; then «rejected» }",
                                 words: ["`rejected` does not fit a scenario for saga `Buy`"])
    }

    @Test func aPolicyScenarioNeedsWhen() {
        expectScenarioDiagnostic("EVDL0441", in: "scenario «\"s\"» for CloseLater { then nothing }",
                                 words: ["a scenario for policy `CloseLater` needs `when`"])
    }

    @Test func anAggregateScenarioHasNoQuery() {
        expectScenarioDiagnostic("EVDL0441", in: "scenario \"s\" for Cart { when «above(amount: 1)»; then nothing }",
                                 words: ["a query does not fit a scenario for an aggregate"])
    }

    @Test func aSingleRowQueryExpectsAtMostOneRow() {
        expectScenarioDiagnostic("EVDL0441", in: """
        scenario "s" for Totals {
          when first(minimum: 1)
          then Totals { cartId: id(1) } «Totals { cartId: id(2) }»
        }
        """, words: ["more than one row does not fit a scenario for `first`", "at most one row"])
    }

    @Test func unknownQuerySuggestsOne() {
        expectScenarioDiagnostic("EVDL0442", in: "scenario \"s\" for Totals { when «abov»(amount: 1); then nothing }",
                                 words: ["projection `Totals` has no query `abov`", "`above`"])
    }

    @Test func queryArgumentsAreLabelled() {
        expectScenarioDiagnostic("EVDL0442", in: "scenario \"s\" for Totals { when above(«1»); then nothing }",
                                 words: ["the arguments of `above` need labels"])
    }

    @Test func aMissingQueryArgumentIsAMissingField() {
        expectScenarioDiagnostic("EVDL0210", in: "scenario \"s\" for Totals { when «above»(); then nothing }",
                                 words: ["missing field `amount` in `query `above``"])
    }

    @Test func rowsAreWrittenWithTheProjectionsName() {
        expectScenarioDiagnostic("EVDL0443", in: "scenario \"s\" for Totals { then «Cart.Opened» { cartId: id(1), total: 1 } }",
                                 words: ["`Cart.Opened` is not a row of `Totals`"])
    }

    @Test func aRowNeedsItsKey() {
        expectScenarioDiagnostic("EVDL0210", in: "scenario \"s\" for Totals { then «Totals» { total: 1 } }",
                                 words: ["missing field `cartId` in `Totals`"])
    }

    @Test func aRowFieldIsTyped() {
        expectScenarioDiagnostic("EVDL0301", in: "scenario \"s\" for Totals { then Totals { cartId: id(1), open: «1» } }",
                                 words: ["expected `Bool`, found `Int`"])
    }

    @Test func aSagaStartsWithItsStartEvent() {
        expectScenarioDiagnostic("EVDL0444", in: "scenario \"s\" for Buy { when «Cart.Closed» { cartId: id(1) }; then completed }",
                                 words: ["`Cart.Closed` does not start saga `Buy`", "`Cart.Opened { … }` or `Buy { … }`"])
    }

    @Test func aPolicyStartsWithItsEvent() {
        expectScenarioDiagnostic("EVDL0444", in: "scenario \"s\" for CloseLater { when «Cart.Closed» { cartId: id(1) }; then nothing }",
                                 words: ["`Cart.Closed` does not start policy `CloseLater`"])
    }

    @Test func aReplyForACommandNeverSent() {
        expectScenarioDiagnostic("EVDL0445", in: """
        scenario "s" for CloseLater {
          given «Pay.Check» replies
          when Cart.Opened { cartId: id(1), total: 500 }
          then after 30m Cart.Close { cartId: id(1) }
        }
        """, words: ["policy `CloseLater` never sends `Pay.Check`"])
    }

    @Test func onlyAStepWithATimeoutTimesOut() {
        expectScenarioDiagnostic("EVDL0446", in: """
        scenario "s" for Buy {
          given Pay.Charge replies { tx: "t" }, «Pay.Check times out»
          when Cart.Opened { cartId: id(1), total: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 } Pay.Check { } Pay.Refund { tx: "t" } compensated
        }
        """, words: ["`Pay.Check` cannot time out in saga `Buy`"])
    }

    @Test func aStepThatRetriesForeverCannotFail() {
        expectScenarioDiagnostic("EVDL0447", in: """
        scenario "s" for Buy {
          given Pay.Charge replies { tx: "t" }, «Pay.Notify fails "down"»
          when Cart.Opened { cartId: id(1), total: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 } Pay.Check { } Cart.Close { cartId: id(1) } Pay.Notify { cartId: id(1) } completed
        }
        """, words: ["step `notify` retries `Pay.Notify` forever, so it cannot fail", "`retry forever` is declared here"])
    }

    @Test func anExpectedCommandMustBeSent() {
        expectScenarioDiagnostic("EVDL0448", in: """
        scenario "s" for CloseLater {
          when Cart.Opened { cartId: id(1), total: 500 }
          then «Cart.Open» { cartId: id(1), total: 1 }
        }
        """, words: ["policy `CloseLater` never sends `Cart.Open`"])
    }

    @Test func aReplyWithFieldsNeedsAResult() {
        expectScenarioDiagnostic("EVDL0449", in: """
        scenario "s" for Buy {
          given Pay.Charge replies { tx: "t" }, «Pay.Check replies { ok: true }»
          when Cart.Opened { cartId: id(1), total: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 } Pay.Check { } Cart.Close { cartId: id(1) } Pay.Notify { cartId: id(1) } completed
        }
        """, words: ["`Pay.Check` returns no result", "`Pay.Check replies`"])
    }

    @Test func aReplyResultIsComplete() {
        expectScenarioDiagnostic("EVDL0210", in: """
        scenario "s" for Buy {
          given «Pay.Charge» replies { }
          when Cart.Opened { cartId: id(1), total: 5 }
          then Pay.Charge { cartId: id(1), amount: 5 } Pay.Check { } Cart.Close { cartId: id(1) } Pay.Notify { cartId: id(1) } completed
        }
        """, words: ["missing field `tx` in `the result of `Pay.Charge``"])
    }

    @Test func anAggregateNamedByForFixesTheAggregate() {
        expectScenarioDiagnostic("EVDL0413", in: """
        aggregate Other { id otherId: UUID
          command Go { }
          event Went { }
          decide Go { emit Went { } }
          apply Went { } }
        scenario "s" for Cart { given Cart.Opened { cartId: id(1), total: 1 }; when «Other.Go» { otherId: id(1) }; then nothing }
        """, words: ["`Other.Go` is a command of `Other`, but this scenario exercises `Cart`", "`Cart` is chosen here"])
    }

    @Test("the scenario words stay usable as names in the rest of a spec")
    func wordsStayNames() {
        let checked = analyze(prelude + """
        type Result { failed: Bool, completed: Int, replies: [String], times: Int, out: Bool, for: String }
        enum Outcome { completed, compensated, failed }
        """)
        #expect(checked.errors.isEmpty && checked.syntaxDiagnostics.isEmpty, "\(checked.summary)")
    }
}
