import EVDLSyntax

extension Checker {
    /// Checks every scenario: `given` events, the `when` command and the `then` events all belong to one aggregate,
    /// and every message literal is complete and typed (`id(n)`, `date(s)` and `now` are available).
    func checkScenarios() {
        for case .scenario(let d) in declarationOrder {
            var symbol = ScenarioSymbol(title: d.title.value, aggregate: nil, declaration: d)
            let scope = Scope(.scenario)
            var anchor: Span?
            if let when = d.when {
                switch resolveMessage(when.name, expecting: .command, within: nil) {
                case .aggregateCommand(let a, _)?:
                    symbol.aggregate = a
                    anchor = when.name.span
                    checkMessageArguments(when, target: .aggregateCommand(aggregate: a, command: when.name.last.name), scope, identityAutoFilled: false)
                case .serviceCommand(let s, let c)?:
                    report(SemaDiagnostics.scenarioMixes("`\(s).\(c)` is a service command; a scenario's `when` is a command of an aggregate",
                                                         at: when.name.span, note: nil))
                    checkArgumentValuesOnly(when, scope)
                case .aggregateEvent?, nil:
                    checkArgumentValuesOnly(when, scope)
                }
            }
            var events = d.given
            if case .events(let then, _)? = d.then { events.append(contentsOf: then) }
            for literal in events {
                guard let target = resolveMessage(literal.name, expecting: .event, within: nil),
                      case .aggregateEvent(let a, let e) = target else {
                    checkArgumentValuesOnly(literal, scope)
                    continue
                }
                if let aggregate = symbol.aggregate, aggregate != a {
                    report(SemaDiagnostics.scenarioMixes("`\(a).\(e)` is an event of `\(a)`, but this scenario exercises `\(aggregate)`",
                                                         at: literal.name.span,
                                                         note: anchor.map { DiagnosticNote("`\(aggregate)` is chosen here", at: $0) }))
                    checkArgumentValuesOnly(literal, scope)
                    continue
                }
                if symbol.aggregate == nil {
                    symbol.aggregate = a
                    anchor = literal.name.span
                }
                checkMessageArguments(literal, target: target, scope, identityAutoFilled: false)
            }
            symbols.scenarios.append(symbol)
        }
    }
}
