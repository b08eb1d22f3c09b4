import EVDLSyntax

/// The codes of `evdlc test` (`10xx`: scenario outcomes), with their explanations.
public enum ScenarioDiagnostics {
    /// A scenario's outcome is not the expected one.
    public static let scenarioFailed = DiagnosticCode("EVDL1001")
    /// A scenario stopped where generated Swift would trap (an overflow, a division by zero) or lacks a reply.
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
            explanation: "Running the scenario reached something generated Swift would trap on (an `Int` overflow, an `Int` division by zero), or a saga step binds a result that no `replies` clause gives. The scenario fails; the place is the expression or step that stopped it.",
            failingExample: "decide Split { emit Split { share: total / parts } }   // parts: 0 in the scenario",
            fixedExample: "decide Split { require parts > 0 else \"no parts\"; emit Split { share: total / parts } }"),
        DiagnosticExplanation(
            code: scenarioNotInterpreted, title: "a scenario `evdlc test` cannot run",
            explanation: "The scenario's command is decided in Swift (`command X emits E` without a `decide`), which the interpreter cannot run. It is reported as skipped, never as passed; the generated Swift Testing tests (`evdlc generate --scenario-tests`) run it against the Swift decision.",
            failingExample: "command ShipOrder emits OrderShipped { tracking: String }\nscenario \"shipping\" { … when Order.ShipOrder { … } … }",
            fixedExample: "// run it with `swift test` through the generated scenario tests, or write `decide ShipOrder { … }` in the spec"),
    ]
}
