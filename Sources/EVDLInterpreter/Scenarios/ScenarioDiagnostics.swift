import EVDLSyntax

/// The codes of `evdlc test` (`10xx`: scenario outcomes), with their explanations.
public enum ScenarioDiagnostics {
    /// A scenario's outcome is not the expected one.
    public static let scenarioFailed = DiagnosticCode("EVDL1001")
    /// A scenario stopped before its outcome: a command with a result that no reply answers (or the interpreter met a
    /// value the checker should have refused).
    public static let scenarioStopped = DiagnosticCode("EVDL1002")
    /// A scenario whose command is decided in Swift: `evdlc test` cannot run it.
    public static let scenarioNotInterpreted = DiagnosticCode("EVDL1003")

    /// The explanations, for `evdlc explain`.
    public static let explanations: [DiagnosticExplanation] = [
        DiagnosticExplanation(
            code: scenarioFailed, title: "a scenario's outcome is not the expected one",
            explanation: "`evdlc test` ran the scenario (replayed `given`, ran `when`) and the outcome differs from `then`: other events, rows or commands, a rejection where events were expected, another rejection message, or events where a rejection was expected. The notes show the expected value at its place in the spec and each field that differs. Either the spec's logic (`decide`, `apply`, a handler, a step) or the expectation is wrong.",
            failingExample: "decide Deposit { emit Deposited { amount: amount * 2 } }\nscenario \"a deposit\" {\n  given Account.Opened { accountId: id(1) }\n  when Account.Deposit { accountId: id(1), amount: 5 }\n  then Account.Deposited { accountId: id(1), amount: 5 }\n}",
            fixedExample: "decide Deposit { emit Deposited { amount } }"),
        DiagnosticExplanation(
            code: scenarioStopped, title: "a scenario stopped before its outcome",
            explanation: "Running the scenario could not reach an outcome: a saga step or a policy sends a command that has a result (`-> { … }`), and no `given X replies { … }` of the scenario answers it, so what follows it cannot be evaluated. (Arithmetic never stops a scenario: `Int` and `Duration` arithmetic saturates and divides by zero to zero, as generated code does.) The scenario fails; the place is the step that stopped it.",
            failingExample: "scenario \"paid\" for Checkout {\n  when Order.Placed { orderId: id(1), total: 10 }\n  then Pay.Charge { orderId: id(1), amount: 10 }\n       completed\n}   // `Pay.Charge` has a result",
            fixedExample: "scenario \"paid\" for Checkout {\n  given Pay.Charge replies { transactionId: \"t-1\" }\n  when Order.Placed { orderId: id(1), total: 10 }\n  then Pay.Charge { orderId: id(1), amount: 10 }\n       completed\n}"),
        DiagnosticExplanation(
            code: scenarioNotInterpreted, title: "a scenario `evdlc test` cannot run",
            explanation: "The scenario's command is decided in Swift (`command X emits E` without a `decide`), which the interpreter cannot run. It is reported as skipped, never as passed; the generated Swift Testing tests (`evdlc generate --scenario-tests`) run it against the Swift decision.",
            failingExample: "command ShipOrder emits OrderShipped { tracking: String }\nscenario \"shipping\" { … when Order.ShipOrder { … } … }",
            fixedExample: "// run it with `swift test` through the generated scenario tests, or write `decide ShipOrder { … }` in the spec"),
    ]
}
