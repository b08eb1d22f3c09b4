import EVDLSyntax

extension Checker {
    /// A policy scenario: `given` replies (for `send … as r`), `when` the policy's `on` event, `then` the commands
    /// sent in order (`after DURATION` for a deadline) or `nothing` (the `where` filter let nothing through).
    func checkPolicyScenario(_ d: ScenarioDecl, _ policy: PolicySymbol, _ decl: PolicyDecl, _ symbol: inout ScenarioSymbol, _ scope: Scope) {
        symbol.subject = .policy(policy.name)
        let subject = "policy `\(policy.name)`"
        let fits = "a policy scenario gives `given` replies, `when` the policy's event, and `then` the commands sent (`after 30m X { … }` for a deadline) or `nothing`"
        reportEventsAndQuery(d, subject: subject, fits: fits, scope)
        if let when = d.when {
            if let event = resolveMessage(when.name, expecting: .event, within: nil) {
                if let trigger = policy.trigger, trigger == event.target {
                    checkMessageArguments(when, entry: event, scope, identityAutoFilled: false)
                } else {
                    let expected = policy.trigger.flatMap { entry(for: $0)?.qualifiedName }.map { "`\($0) { … }`" } ?? "the event of its `on`"
                    report(SemaDiagnostics.scenarioWrongTrigger(event.qualifiedName, subject: subject, expected: expected, at: when.name.span,
                                                                declared: decl.trigger?.span))
                    checkArgumentValuesOnly(when, scope)
                }
            } else {
                checkArgumentValuesOnly(when, scope)
            }
        }
        let sent = Set(policy.sends.compactMap { $0 })
        checkScenarioReplies(d.replies, subject: subject, rules: ScenarioInvocationRules(sent: sent), scope)
        switch d.then {
        case .rejected(_, let span)?:
            report(SemaDiagnostics.scenarioFormMismatch("`rejected`", subject: subject, at: span, fits: fits))
        case .saga(_, let outcome, _)?:
            report(SemaDiagnostics.scenarioFormMismatch("`\(outcome.word.rawValue)`", subject: subject, at: outcome.span, fits: fits))
        case .events?, .sends?, .nothing?, nil:
            break
        }
        checkExpectedCommands(d.then?.messages ?? [], subject: subject, sent: sent, scope)
    }
}
