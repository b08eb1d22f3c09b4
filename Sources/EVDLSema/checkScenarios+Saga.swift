import EVDLSyntax

extension Checker {
    /// A saga scenario: `given` replies, `when` the start event or `Saga { input }`, `then` the commands sent in order
    /// and `completed`, `compensated` or `failed`.
    func checkSagaScenario(_ d: ScenarioDecl, _ saga: SagaSymbol, _ decl: SagaDecl, _ symbol: inout ScenarioSymbol, _ scope: Scope) {
        symbol.subject = .saga(saga.name)
        let subject = "saga `\(saga.name)`"
        let fits = "a saga scenario gives `given` replies (`Svc.Cmd replies { … }`, `fails \"…\"`, `times out`), `when` the start event or `\(saga.name) { input }`, and `then` the commands sent followed by `completed`, `compensated` or `failed`"
        reportEventsAndQuery(d, subject: subject, fits: fits, scope)
        if let when = d.when { checkSagaTrigger(when, saga, decl, subject: subject, scope) }
        checkScenarioReplies(d.replies, subject: subject, rules: sagaInvocationRules(saga, decl), scope)
        switch d.then {
        case .saga?, nil:
            break
        case .events(let messages, _)?:
            let end = messages.last.map { Span(file: $0.span.file, start: $0.span.end, end: $0.span.end) } ?? d.title.span
            report(SemaDiagnostics.scenarioFormMismatch("a `then` without an outcome", subject: subject, at: end, fits: fits))
        case .sends(let sends, _)?:
            if let delayed = sends.first(where: { $0.delay != nil }) {
                report(SemaDiagnostics.scenarioFormMismatch("`after`", subject: subject, at: delayed.span, fits: fits))
            }
        case .nothing(let span)?:
            report(SemaDiagnostics.scenarioFormMismatch("`nothing`", subject: subject, at: span, fits: fits))
        case .rejected(_, let span)?:
            report(SemaDiagnostics.scenarioFormMismatch("`rejected`", subject: subject, at: span, fits: fits))
        }
        let sent = Set(saga.steps.compactMap(\.invoke) + saga.steps.compactMap(\.compensation) + saga.failureActions.compactMap { $0 })
        checkExpectedCommands(d.then?.messages ?? [], subject: subject, sent: sent, scope)
    }

    /// `when Order.OrderPlaced { … }` (the saga's `start on` event) or `when Checkout { input fields }`.
    private func checkSagaTrigger(_ when: MessageLiteral, _ saga: SagaSymbol, _ decl: SagaDecl, subject: String, _ scope: Scope) {
        if when.name.parts.count == 1, when.name.last.name == saga.name {
            checkFieldArguments(when.arguments, identity: nil, identityAutoFilled: false, fields: saga.input,
                                owner: "the input of `\(saga.name)`", missingAt: when.name.span, scope)
            return
        }
        guard let event = resolveMessage(when.name, expecting: .event, within: nil) else {
            checkArgumentValuesOnly(when, scope)
            return
        }
        guard let trigger = saga.trigger, trigger == event.target else {
            let expected = saga.trigger.flatMap { entry(for: $0)?.qualifiedName }.map { "`\($0) { … }` or `\(saga.name) { … }`" } ?? "`\(saga.name) { … }`"
            report(SemaDiagnostics.scenarioWrongTrigger(event.qualifiedName, subject: subject, expected: expected, at: when.name.span,
                                                        declared: decl.start?.trigger.name.span))
            checkArgumentValuesOnly(when, scope)
            return
        }
        checkMessageArguments(when, entry: event, scope, identityAutoFilled: false)
    }

    /// What the saga sends, which invokes have a timeout, and which retry forever.
    private func sagaInvocationRules(_ saga: SagaSymbol, _ decl: SagaDecl) -> ScenarioInvocationRules {
        var rules = ScenarioInvocationRules(sent: [])
        for (symbol, step) in zip(saga.steps, decl.steps) {
            if let compensation = symbol.compensation { rules.sent.insert(compensation) }
            guard let invoke = symbol.invoke else { continue }
            rules.sent.insert(invoke)
            if step.timeout != nil { rules.timed.insert(invoke) }
            if case .forever(let span)? = step.retry, rules.retriedForever[invoke] == nil {
                rules.retriedForever[invoke] = (symbol.name, span)
            }
        }
        for action in saga.failureActions.compactMap({ $0 }) { rules.sent.insert(action) }
        return rules
    }
}
