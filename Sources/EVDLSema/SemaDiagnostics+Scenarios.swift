import EVDLSyntax

/// Diagnostics of scenarios for projections, sagas and policies (`for Subject`): `EVDL0440`–`EVDL0449`.
extension SemaDiagnostics {
    static let unknownScenarioSubject = DiagnosticCode("EVDL0440")
    static let scenarioFormMismatch = DiagnosticCode("EVDL0441")
    static let unknownScenarioQuery = DiagnosticCode("EVDL0442")
    static let scenarioWrongRow = DiagnosticCode("EVDL0443")
    static let scenarioWrongTrigger = DiagnosticCode("EVDL0444")
    static let scenarioReplyNotInvoked = DiagnosticCode("EVDL0445")
    static let scenarioTimeoutWithoutTimeout = DiagnosticCode("EVDL0446")
    static let scenarioRetriesForever = DiagnosticCode("EVDL0447")
    static let scenarioCommandNotSent = DiagnosticCode("EVDL0448")
    static let scenarioReplyWithoutResult = DiagnosticCode("EVDL0449")

    /// The scenario codes, in order (part of ``allCodes``).
    static let scenarioCodes: [DiagnosticCode] = [
        unknownScenarioSubject, scenarioFormMismatch, unknownScenarioQuery, scenarioWrongRow, scenarioWrongTrigger,
        scenarioReplyNotInvoked, scenarioTimeoutWithoutTimeout, scenarioRetriesForever, scenarioCommandNotSent,
        scenarioReplyWithoutResult,
    ]

    static func scenarioCommandOfOtherAggregate(_ command: String, owner: String, aggregate: String, at span: Span, chosen: Span?) -> Diagnostic {
        Diagnostic(.error, scenarioMixesAggregates, "`\(command)` is a command of `\(owner)`, but this scenario exercises `\(aggregate)`",
                   at: span, label: "outside the scenario's aggregate",
                   notes: chosen.map { [DiagnosticNote("`\(aggregate)` is chosen here", at: $0)] } ?? [],
                   help: "a scenario exercises one aggregate: its events and one of its commands")
    }

    static func unknownScenarioSubject(_ name: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownScenarioSubject, "cannot find an aggregate, projection, saga or policy named `\(name)`", at: span,
                   label: "not a scenario subject", help: help ?? "`for` names the aggregate, projection, saga or policy the scenario exercises")
    }

    static func scenarioSubjectKind(_ name: String, is kind: String, at span: Span, declared: Span) -> Diagnostic {
        Diagnostic(.error, unknownScenarioSubject, "`\(name)` is \(kind), which a scenario cannot exercise", at: span,
                   label: "not a scenario subject", notes: [DiagnosticNote("`\(name)` is declared here", at: declared)],
                   help: "`for` names an aggregate, a projection, a saga or a policy")
    }

    /// A clause form that does not fit the subject (`what` says what was written, `fits` what fits instead).
    static func scenarioFormMismatch(_ what: String, subject: String, at span: Span, fits: String) -> Diagnostic {
        Diagnostic(.error, scenarioFormMismatch, "\(what) does not fit a scenario for \(subject)", at: span,
                   label: "not for \(subject)", help: fits)
    }

    static func scenarioMissingWhen(subject: String, at span: Span, fits: String) -> Diagnostic {
        Diagnostic(.error, scenarioFormMismatch, "a scenario for \(subject) needs `when`", at: span,
                   label: "no `when` clause", help: fits)
    }

    static func unknownScenarioQuery(_ name: String, projection: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownScenarioQuery, "projection `\(projection)` has no query `\(name)`", at: span,
                   label: "unknown query", help: help ?? "`when` names one of the projection's queries, with labelled arguments")
    }

    static func unlabelledQueryArgument(query: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, unknownScenarioQuery, "the arguments of `\(query)` need labels", at: span,
                   label: "no label", help: "write each argument with its parameter's name: `\(query)(name: value)`")
    }

    static func scenarioWrongRow(_ name: String, projection: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, scenarioWrongRow, "`\(name)` is not a row of `\(projection)`", at: span,
                   label: "expected `\(projection) { … }`", help: "a projection scenario's `then` lists rows written `\(projection) { key: …, field: … }`")
    }

    static func scenarioWrongTrigger(_ found: String, subject: String, expected: String, at span: Span, declared: Span?) -> Diagnostic {
        Diagnostic(.error, scenarioWrongTrigger, "`\(found)` does not start \(subject)", at: span,
                   label: "expected \(expected)",
                   notes: declared.map { [DiagnosticNote("the trigger is declared here", at: $0)] } ?? [],
                   help: "`when` gives \(expected)")
    }

    static func scenarioReplyNotInvoked(_ command: String, subject: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, scenarioReplyNotInvoked, "\(subject) never sends `\(command)`", at: span,
                   label: "no invocation takes this reply",
                   help: "`given` scripts the commands \(subject) invokes or sends; remove this reply or name one of those")
    }

    static func scenarioTimeoutWithoutTimeout(_ command: String, subject: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, scenarioTimeoutWithoutTimeout, "`\(command)` cannot time out in \(subject)", at: span,
                   label: "no `timeout` applies",
                   help: "only the invoke of a saga step with `timeout` can time out; write `fails \"…\"` instead")
    }

    static func scenarioRetriesForever(_ command: String, step: String, at span: Span, retry: Span) -> Diagnostic {
        Diagnostic(.error, scenarioRetriesForever, "step `\(step)` retries `\(command)` forever, so it cannot fail", at: span,
                   label: "the saga would retry forever", notes: [DiagnosticNote("`retry forever` is declared here", at: retry)],
                   help: "a step after the pivot always succeeds in the end: remove this reply, or let it `replies`")
    }

    static func scenarioCommandNotSent(_ command: String, subject: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, scenarioCommandNotSent, "\(subject) never sends `\(command)`", at: span,
                   label: "cannot be expected",
                   help: "`then` lists the commands \(subject) sends (its invokes, compensations and `on failure` commands; a policy's sends)")
    }

    static func scenarioReplyWithoutResult(_ command: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, scenarioReplyWithoutResult, "`\(command)` returns no result", at: span,
                   label: "no result fields", help: "write `\(command) replies` without fields: only commands declaring `-> { … }` have a result")
    }
}

extension SemaExplanations {
    private typealias D = SemaDiagnostics

    private static func entry(_ code: DiagnosticCode, _ title: String, _ explanation: String, _ failing: String, _ fixed: String) -> DiagnosticExplanation {
        DiagnosticExplanation(code: code, title: title, explanation: explanation, failingExample: failing, fixedExample: fixed)
    }

    static let scenarios: [DiagnosticExplanation] = [
        entry(D.unknownScenarioSubject, "unknown scenario subject",
              "`scenario \"…\" for Name` exercises the aggregate, projection, saga or policy `Name`. Types, enums and services have no behaviour of their own to specify (a service is scripted in a saga or policy scenario with `given Service.Command replies …`).",
              "scenario \"totals\" for OrderSumary {\n  then nothing\n}",
              "scenario \"totals\" for OrderSummary {\n  then nothing\n}"),
        entry(D.scenarioFormMismatch, "scenario clause does not fit its subject",
              "Each subject has its own forms. An aggregate: `given` its events, `when` a command, `then` events, `rejected` or `nothing`. A projection: `given` events, `when` a query call (optional), `then` rows or `nothing`. A saga: `given` replies, `when` its start event or `Saga { input }`, `then` the commands sent and `completed`, `compensated` or `failed`. A policy: `given` replies, `when` its event, `then` the commands sent (`after DURATION` for a deadline) or `nothing`.",
              "scenario \"declined\" for Checkout {\n  given Payment.Charge fails \"declined\"\n  when Order.OrderPlaced { … }\n  then rejected\n}",
              "scenario \"declined\" for Checkout {\n  given Payment.Charge fails \"declined\"\n  when Order.OrderPlaced { … }\n  then Inventory.Reserve { … }\n       Payment.Charge { … }\n       Inventory.Release { … }\n       Order.CancelOrder { … }\n       compensated\n}"),
        entry(D.unknownScenarioQuery, "unknown query in a projection scenario",
              "`when name(label: value, …)` runs one of the projection's queries after the `given` events; every argument is labelled with its parameter's name.",
              "scenario \"big\" for OrderSummary {\n  when larger(5)\n  then nothing\n}",
              "scenario \"big\" for OrderSummary {\n  when largerThan(amount: 5)\n  then nothing\n}"),
        entry(D.scenarioWrongRow, "not a row of the projection",
              "A projection scenario's `then` lists rows of its projection, written with the projection's name: `P { key: …, field: … }`. The key is required; row fields with defaults may be left out and mean their default.",
              "scenario \"s\" for OrderSummary {\n  given Order.OrderPlaced { … }\n  then Order.OrderPlaced { … }\n}",
              "scenario \"s\" for OrderSummary {\n  given Order.OrderPlaced { … }\n  then OrderSummary { orderId: id(1), total: 10 }\n}"),
        entry(D.scenarioWrongTrigger, "`when` does not start the saga or policy",
              "A saga scenario starts the saga with its `start on` event, or directly with its input written `Saga { field: … }`; a policy scenario gives the event of the policy's `on`.",
              "scenario \"s\" for ReleaseStockWhenCancelled {\n  when Order.OrderPlaced { … }\n  then nothing\n}",
              "scenario \"s\" for ReleaseStockWhenCancelled {\n  when Order.OrderCancelled { orderId: id(1), reason: \"r\" }\n  then Inventory.Release { reservationId: id(1) }\n}"),
        entry(D.scenarioReplyNotInvoked, "reply for a command that is never sent",
              "Each invocation of a command type takes the first unused reply listed for it. A reply for a command the saga never invokes (as a step, a compensation or an `on failure` command), or the policy never sends, would never be used.",
              "scenario \"s\" for Checkout {\n  given Shipping.Cancel fails \"down\"\n  …\n}",
              "scenario \"s\" for Checkout {\n  given Shipping.CreateShipment fails \"down\"\n  …\n}"),
        entry(D.scenarioTimeoutWithoutTimeout, "`times out` without a `timeout`",
              "Only an attempt that has a deadline can time out: the invoke of a saga step that declares `timeout`. Compensations, `on failure` commands and policy sends have none; script their failure with `fails \"…\"`.",
              "given Payment.CheckCredit times out   // step checkCredit has no timeout",
              "given Payment.CheckCredit fails \"no answer\""),
        entry(D.scenarioRetriesForever, "a failure for a step that retries forever",
              "A reply covers one invocation with all its retries. A step with `retry forever` retries until it succeeds, so a scenario in which every attempt fails or times out would never end. After the pivot every step retries forever; such a step can only succeed.",
              "given Order.ConfirmOrder fails \"busy\"   // step confirm: retry forever",
              "given Order.ConfirmOrder replies"),
        entry(D.scenarioCommandNotSent, "expected command that is never sent",
              "A saga scenario's `then` lists the commands the saga sends, in order: its step invokes, the compensations of completed steps after a failure (in reverse order), and its `on failure` commands. A policy scenario lists the policy's sends. A command the subject never sends cannot be expected.",
              "scenario \"s\" for ReleaseStockWhenCancelled {\n  when Order.OrderCancelled { … }\n  then Inventory.Reserve { … }\n}",
              "scenario \"s\" for ReleaseStockWhenCancelled {\n  when Order.OrderCancelled { … }\n  then Inventory.Release { … }\n}"),
        entry(D.scenarioReplyWithoutResult, "reply with fields for a command without result",
              "`replies { field: value }` gives the result a step binds with `as`. A command without a declared result (`-> { … }`) succeeds with no value: write `replies` alone.",
              "given Payment.CheckCredit replies { ok: true }",
              "given Payment.CheckCredit replies"),
    ]
}
