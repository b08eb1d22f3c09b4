import EVDLSyntax

extension Checker {
    /// Checks every scenario: `given` events, the `when` command and the `then` events all belong to one aggregate,
    /// and every message literal is complete and typed (`id(n)`, `date(s)` and `now` are available).
    func checkScenarios() {
        for d in scenarioDecls {
            var symbol = ScenarioSymbol(title: d.title.value, aggregate: nil, declarationSpan: d.span)
            let scope = Scope(.scenario)
            var anchor: Span?
            if let when = d.when, let command = resolveMessage(when.name, expecting: .command, within: nil) {
                switch command.target {
                case .aggregateCommand(let a, _):
                    symbol.aggregate = a
                    anchor = when.name.span
                    checkMessageArguments(when, entry: command, scope, identityAutoFilled: false)
                    checkScenarioExistence(d, command: command, aggregate: a, at: when.name.span)
                case .serviceCommand, .aggregateEvent:
                    report(SemaDiagnostics.scenarioWhenIsServiceCommand(command.qualifiedName, at: when.name.span))
                    checkArgumentValuesOnly(when, scope)
                }
            } else if let when = d.when {
                checkArgumentValuesOnly(when, scope)
            }
            var events = d.given
            if case .events(let then, _)? = d.then { events.append(contentsOf: then) }
            for literal in events {
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
            symbols.scenarios.append(symbol)
        }
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
        case .events(_, let span)?, .nothing(let span)?: expected = span
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
}
