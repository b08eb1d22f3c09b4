import Testing
@testable import EVDLSema
import EVDLSyntax

/// A service for saga tests.
private let pay = """
service Pay {
  command Charge { amount: Decimal } -> { tx: String }
  command Refund { tx: String }
  command Log { }
}

"""

/// A saga over `Cart.Opened` with the given steps.
private func saga(_ steps: String) -> String {
    pay + """
    saga S {
      input { amount: Decimal }
      start on Cart.Opened { amount: event.total }
    \(steps)
    }
    """
}

/// One test per `EVDL05xx` code: sagas.
@Suite struct SagaDiagnosticsTests {
    @Test func sagaWithoutInput() {
        expectDiagnostic("EVDL0501", in: pay + "saga «S» {\n start on Cart.Opened { }\n step a { invoke Pay.Log { }\n compensate nothing }\n}",
                         words: ["saga `S` has no `input`"])
    }

    @Test func sagaWithoutStart() {
        expectDiagnostic("EVDL0502", in: pay + "saga «S» {\n input { amount: Decimal }\n step a { invoke Pay.Log { }\n compensate nothing }\n}",
                         words: ["saga `S` has no `start on`"])
    }

    @Test func bindingACommandWithoutResult() {
        expectDiagnostic("EVDL0504", in: saga("step a { invoke Pay.Log { } as «log»\n compensate nothing }\nstep b { invoke Pay.Charge { amount } as c\n compensate Pay.Refund { tx: c.tx } }\nstep r { invoke Pay.Refund { tx: \"t\" }\n compensate nothing }"),
                         words: ["`Pay.Log` returns no result to bind"])
    }

    @Test func secondPivot() {
        let d = expectDiagnostic("EVDL0505", in: saga("step a { invoke Pay.Charge { amount } as c }\nstep «b» { invoke Pay.Refund { tx: c.tx } }\nstep l { invoke Pay.Log { }\n retry forever }"),
                                 words: ["step `b` is a second pivot", "`a` is the pivot"])
        #expect(d?.notes.first?.span != nil)
    }

    @Test func failingStepAfterThePivot() {
        expectDiagnostic("EVDL0506", in: saga("step a { invoke Pay.Charge { amount } as c }\nstep «b» { invoke Pay.Refund { tx: c.tx }\n compensate nothing\n retry 3 }\nstep l { invoke Pay.Log { }\n retry forever }"),
                         words: ["step `b` runs after the pivot `a` but may fail", "retry forever"])
    }

    @Test func readingALaterStepsResult() {
        expectDiagnostic("EVDL0507", in: saga("step a { invoke Pay.Refund { tx: «c».tx }\n compensate nothing }\nstep b { invoke Pay.Charge { amount } as c\n compensate nothing }\nstep l { invoke Pay.Log { }\n compensate nothing }"),
                         words: ["`c` is read before it is produced", "bound here"])
    }

    @Test func compensationMayReadItsOwnStepsResultButTheInvokeMayNot() {
        let ok = analyze(prelude + saga("step b { invoke Pay.Charge { amount } as c\n compensate Pay.Refund { tx: c.tx } }\nstep l { invoke Pay.Log { }\n compensate nothing }"))
        #expect(ok.errors.isEmpty, "\(ok.summary)")
        expectDiagnostic("EVDL0507", in: saga("step b { invoke Pay.Charge { amount: «c».tx.count } as c\n compensate Pay.Refund { tx: c.tx } }\nstep l { invoke Pay.Log { }\n compensate nothing }"),
                         words: ["own result"])
    }

    @Test func onFailureReadsOnlyTheInput() {
        expectDiagnostic("EVDL0507", in: saga("step b { invoke Pay.Charge { amount } as c\n compensate Pay.Refund { tx: c.tx } }\nstep l { invoke Pay.Log { }\n compensate nothing }\non failure { invoke Pay.Refund { tx: «c».tx } }"),
                         words: ["`on failure`"])
    }

    @Test func zeroTimeout() {
        expectDiagnostic("EVDL0508", in: saga("step b { invoke Pay.Charge { amount } as c\n compensate Pay.Refund { tx: c.tx }\n timeout «0s» }\nstep l { invoke Pay.Log { }\n compensate nothing }"),
                         words: ["longer than zero"])
    }
}
