import Testing
@testable import EVDLSema
import EVDLSyntax

/// One test per `EVDL04xx` code: aggregates, projections and scenarios.
@Suite struct AggregateDiagnosticsTests {
    @Test func aggregateWithoutId() {
        expectDiagnostic("EVDL0401", in: "aggregate «Bag» { state { n: Int = 0 } }", words: ["aggregate `Bag` has no `id`"])
    }

    @Test func stateFieldWithoutDefault() {
        expectDiagnostic("EVDL0403", in: "aggregate Bag {\n id bagId: UUID\n state { «n»: Int }\n}", words: ["state field `n` has no default value"])
    }

    @Test func commandWithoutDecideOrEmits() {
        expectDiagnostic("EVDL0405", in: "aggregate Bag {\n id bagId: UUID\n command «Fill» { }\n}", words: ["command `Fill` has no `decide` and no `emits`"])
    }

    @Test func decideEmitsAnEventOutsideItsEmitsList() {
        let d = expectDiagnostic("EVDL0406", in: """
        aggregate Bag {
          id bagId: UUID
          command Fill emits Filled { }
          event Filled { }
          event Spilled { }
          decide Fill { emit «Spilled» { } }
        }
        """, words: ["`decide Fill` emits `Spilled`", "`emits`"])
        #expect(d?.notes.count == 1)
    }

    @Test func emittingAnotherAggregatesEvent() {
        expectDiagnostic("EVDL0407", in: """
        aggregate Bag {
          id bagId: UUID
          command Fill { }
          decide Fill { emit «Cart.Closed» { } }
        }
        """, words: ["`Bag` cannot emit `Cart.Closed`"])
    }

    @Test func deleteInApply() {
        expectDiagnostic("EVDL0408", in: """
        aggregate Bag {
          id bagId: UUID
          command Fill emits Filled { }
          event Filled { }
          apply Filled { «delete» }
        }
        """, words: ["`delete` is not allowed in `apply`"])
    }

    @Test func idGivenInEmit() {
        expectDiagnostic("EVDL0409", in: """
        aggregate Bag {
          id bagId: UUID
          command Fill { }
          event Filled { }
          decide Fill { emit Filled { «bagId»: bagId } }
        }
        """, words: ["`bagId` is filled in by `emit`"])
    }

    @Test func projectionWithoutKey() {
        expectDiagnostic("EVDL0410", in: "projection «Totals» { row { n: Int = 0 } }", words: ["projection `Totals` has no `key`"])
    }

    @Test func handlerWithoutKeyAndNoSuchEventField() {
        expectDiagnostic("EVDL0411", in: """
        projection BySku {
          key sku: String
          row { n: Int = 0 }
          on «Cart.Opened» { n += 1 }
        }
        """, words: ["event `Cart.Opened` has no field `sku`", "key event."])
    }

    @Test func queryResultNotTheProjection() {
        expectDiagnostic("EVDL0412", in: """
        projection Totals {
          key cartId: UUID
          row { total: Decimal = 0 }
          on Cart.Opened { total = event.total }
          query big(min: Decimal) -> «[Int]» where row.total > min
        }
        """, words: ["returns `[Totals]` or `Totals?`, found `[Int]`"])
    }

    @Test func scenarioMixingAggregates() {
        let d = expectDiagnostic("EVDL0413", in: """
        aggregate Bag {
          id bagId: UUID
          command Fill emits Filled { }
          event Filled { }
        }
        scenario "closing" {
          given Cart.Opened { cartId: id(1), total: 1 }
          when Cart.Close { cartId: id(1) }
          then «Bag.Filled» { bagId: id(1) }
        }
        """, words: ["`Bag.Filled` is an event of `Bag`, but this scenario exercises `Cart`"])
        #expect(d?.notes.count == 1)
    }
}

/// How `emits` and `decide` work together.
@Suite struct EmitsTests {
    @Test func decideMayEmitListedEvents() {
        let checked = analyze(prelude + """
        aggregate Bag {
          id bagId: UUID
          state { full: Bool = false }
          command Fill emits Filled, Spilled { }
          event Filled { }
          event Spilled { }
          decide Fill { if full { emit Spilled { } } else { emit Filled { } } }
          apply Filled { full = true }
        }
        """)
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
        #expect(checked.model.symbols.aggregates["Bag"]?.commands["Fill"]?.emittedEvents == ["Filled", "Spilled"])
        #expect(checked.model.symbols.aggregates["Bag"]?.commands["Fill"]?.isDecidedInSwift == false)
    }

    @Test func emitsNamingAnUnknownEvent() {
        expectDiagnostic("EVDL0203", in: "aggregate Bag {\n id bagId: UUID\n command Fill emits «Filed» { }\n event Filled { }\n}",
                         words: ["aggregate `Bag` has no event `Filed`", "did you mean `Filled`?"])
    }

    @Test func decideForAnEvent() {
        expectDiagnostic("EVDL0208", in: "aggregate Bag {\n id bagId: UUID\n command Fill emits Filled { }\n event Filled { }\n decide «Filled» { }\n}",
                         words: ["`Bag.Filled` is an event, but a command is expected here"])
    }
}
