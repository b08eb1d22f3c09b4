import EVDLSyntax

extension Checker {
    /// Checks every scenario. Without `for`, an aggregate scenario: `given` events, the `when` command and the
    /// `then` events all belong to one aggregate. With `for`, the subject decides the forms (see
    /// `checkScenarios+Projection.swift`, `+Saga.swift`, `+Policy.swift`). Every message literal is complete and
    /// typed (`id(n)`, `date(s)` and `now` are available).
    func checkScenarios() {
        for d in scenarioDecls {
            var symbol = ScenarioSymbol(title: d.title.value, aggregate: nil, declarationSpan: d.span)
            let scope = Scope(.scenario)
            guard let subject = d.subject else {
                checkAggregateScenario(d, &symbol, scope, fixed: nil)
                symbols.scenarios.append(symbol)
                continue
            }
            switch resolveScenarioSubject(subject) {
            case .aggregate(let name)?:
                checkAggregateScenario(d, &symbol, scope, fixed: (name, subject.span))
            case .projection(let name)?:
                if let projection = symbols.projections[name] { checkProjectionScenario(d, projection, &symbol, scope) }
            case .saga(let name)?:
                if let saga = symbols.sagas[name], let decl = sagaDecls.first(where: { $0.name.span == saga.nameSpan }) {
                    checkSagaScenario(d, saga, decl, &symbol, scope)
                }
            case .policy(let name)?:
                if let policy = symbols.policies[name], let decl = policyDecls.first(where: { $0.span == policy.declarationSpan }) {
                    checkPolicyScenario(d, policy, decl, &symbol, scope)
                }
            case nil:
                checkScenarioValuesOnly(d, scope)
            }
            symbols.scenarios.append(symbol)
        }
    }

    /// The subject named by `for`, or `nil` after reporting an unknown name or a declaration that is no subject.
    private func resolveScenarioSubject(_ name: Identifier) -> ScenarioSubject? {
        guard let entry = topLevel[name.name] else {
            let candidates = Array(symbols.aggregates.keys) + Array(symbols.projections.keys) + Array(symbols.sagas.keys)
                + Array(symbols.policies.keys)
            report(SemaDiagnostics.unknownScenarioSubject(name.name, at: name.span, help: Suggestions.help(for: name.name, among: candidates)))
            return nil
        }
        let subject: ScenarioSubject?
        switch entry.kind {
        case .aggregate: subject = symbols.aggregates[name.name] != nil ? .aggregate(name.name) : nil
        case .projection: subject = symbols.projections[name.name] != nil ? .projection(name.name) : nil
        case .saga: subject = symbols.sagas[name.name] != nil ? .saga(name.name) : nil
        case .policy: subject = symbols.policies[name.name] != nil ? .policy(name.name) : nil
        case .type, .enumeration, .service:
            report(SemaDiagnostics.scenarioSubjectKind(name.name, is: entry.kind.noun, at: name.span, declared: entry.span))
            return nil
        }
        return subject
    }

    /// An aggregate scenario: inferred from its messages (`fixed == nil`) or named by `for`.
    private func checkAggregateScenario(_ d: ScenarioDecl, _ symbol: inout ScenarioSymbol, _ scope: Scope, fixed: (name: String, span: Span)?) {
        let subject = "an aggregate"
        let fits = "an aggregate scenario gives `given` events, `when` a command and `then` events, `rejected` or `nothing`"
        if let reply = d.replies.first {
            report(SemaDiagnostics.scenarioFormMismatch("a reply", subject: subject, at: reply.span, fits: fits))
        }
        if let query = d.query {
            report(SemaDiagnostics.scenarioFormMismatch("a query", subject: subject, at: query.span, fits: fits))
            checkCallValuesOnly(query.arguments, scope)
        }
        if fixed != nil, d.when == nil, d.query == nil {
            report(SemaDiagnostics.scenarioMissingWhen(subject: subject, at: d.title.span, fits: fits))
        }
        switch d.then {
        case .sends(let sends, _)?:
            if let delayed = sends.first(where: { $0.delay != nil }) {
                report(SemaDiagnostics.scenarioFormMismatch("`after`", subject: subject, at: delayed.span, fits: fits))
            }
        case .saga(_, let outcome, _)?:
            report(SemaDiagnostics.scenarioFormMismatch("`\(outcome.word.rawValue)`", subject: subject, at: outcome.span, fits: fits))
        case .events?, .rejected?, .nothing?, nil:
            break
        }
        symbol.aggregate = fixed?.name
        var anchor = fixed?.span
        if let when = d.when, let command = resolveMessage(when.name, expecting: .command, within: nil) {
            switch command.target {
            case .aggregateCommand(let a, _) where symbol.aggregate == nil || symbol.aggregate == a:
                symbol.aggregate = a
                anchor = anchor ?? when.name.span
                checkMessageArguments(when, entry: command, scope, identityAutoFilled: false)
                checkScenarioExistence(d, command: command, aggregate: a, at: when.name.span)
            case .aggregateCommand(let a, _):
                report(SemaDiagnostics.scenarioCommandOfOtherAggregate(command.qualifiedName, owner: a, aggregate: symbol.aggregate ?? a,
                                                                       at: when.name.span, chosen: anchor))
                checkArgumentValuesOnly(when, scope)
            case .serviceCommand, .aggregateEvent:
                report(SemaDiagnostics.scenarioWhenIsServiceCommand(command.qualifiedName, at: when.name.span))
                checkArgumentValuesOnly(when, scope)
            }
        } else if let when = d.when {
            checkArgumentValuesOnly(when, scope)
        }
        for literal in d.given + (d.then?.messages ?? []) {
            guard let event = resolveMessage(literal.name, expecting: .event, within: nil) else {
                checkArgumentValuesOnly(literal, scope)
                continue
            }
            if let aggregate = symbol.aggregate, aggregate != event.owner {
                report(SemaDiagnostics.scenarioEventOfOtherAggregate(event.qualifiedName, owner: event.owner, aggregate: aggregate, at: literal.name.span, chosen: anchor))
                checkArgumentValuesOnly(literal, scope)
                continue
            }
            if symbol.aggregate == nil {
                symbol.aggregate = event.owner
                anchor = literal.name.span
            }
            checkMessageArguments(literal, entry: event, scope, identityAutoFilled: false)
        }
        symbol.subject = symbol.aggregate.map(ScenarioSubject.aggregate)
    }

    /// A scenario without `given` meets an aggregate that does not exist; with `given`, one that exists. A command
    /// whose existence rule does not hold there is rejected before `decide` runs, so expecting it to be accepted
    /// is an error (`EVDL0415`, `EVDL0416`).
    private func checkScenarioExistence(_ d: ScenarioDecl, command: MessageEntry, aggregate: String, at span: Span) {
        guard let symbol = symbols.aggregates[aggregate]?.commands[command.name] else { return }
        // What the scenario expects instead of the existence rejection: acceptance, or a rejection with a message
        // (the existence rejection has the runtime's message).
        let expected: Span?
        switch d.then {
        case .events(_, let span)?, .nothing(let span)?, .sends(_, let span)?, .saga(_, _, let span)?: expected = span
        case .rejected(let message?, _)?: expected = message.span
        case .rejected(nil, _)?, nil: expected = nil
        }
        guard let expectation = expected else { return }
        switch symbol.existence {
        case .existing where d.given.isEmpty:
            report(SemaDiagnostics.scenarioAggregateMissing(command.qualifiedName, aggregate: aggregate, at: span, then: expectation))
        case .creates where !d.given.isEmpty:
            report(SemaDiagnostics.scenarioAggregateExists(command.qualifiedName, aggregate: aggregate, at: span, given: d.given[0].name.span))
        case .existing, .creates, .createsIfMissing:
            break
        }
    }

    /// Checks the values of a scenario whose subject did not resolve: no expectations, no cascades.
    private func checkScenarioValuesOnly(_ d: ScenarioDecl, _ scope: Scope) {
        for literal in d.given + [d.when].compactMap({ $0 }) + (d.then?.messages ?? []) { checkArgumentValuesOnly(literal, scope) }
        for reply in d.replies {
            if case .replies(let fields?) = reply.kind {
                for argument in fields { checkArgumentValue(argument, expected: nil, scope, quiet: true) }
            }
        }
        if let query = d.query { checkCallValuesOnly(query.arguments, scope) }
    }

    /// Checks call arguments without expected types.
    func checkCallValuesOnly(_ arguments: [CallArgument], _ scope: Scope) {
        for argument in arguments { _ = check(argument.value, scope) }
    }

    /// The checker's entry for a resolved message.
    func entry(for target: MessageTarget) -> MessageEntry? {
        switch target {
        case .aggregateCommand(let owner, let name), .aggregateEvent(let owner, let name), .serviceCommand(let owner, let name):
            messages[owner]?[name]
        }
    }
}
