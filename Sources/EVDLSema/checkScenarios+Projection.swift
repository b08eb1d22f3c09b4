import EVDLSyntax

extension Checker {
    /// A projection scenario: `given` events of any aggregates, `when` one of the projection's queries (optional),
    /// `then` row literals `P { key: …, field: … }` (row fields with defaults may be left out) or `nothing`.
    func checkProjectionScenario(_ d: ScenarioDecl, _ projection: ProjectionSymbol, _ symbol: inout ScenarioSymbol, _ scope: Scope) {
        symbol.subject = .projection(projection.name)
        let subject = "a projection"
        let fits = "a projection scenario gives `given` events, optionally `when query(label: value)`, and `then` rows `\(projection.name) { … }` or `nothing`"
        if let reply = d.replies.first {
            report(SemaDiagnostics.scenarioFormMismatch("a reply", subject: subject, at: reply.span, fits: fits))
        }
        if let when = d.when {
            report(SemaDiagnostics.scenarioFormMismatch("a message after `when`", subject: subject, at: when.span, fits: fits))
            checkArgumentValuesOnly(when, scope)
        }
        for literal in d.given {
            if let event = resolveMessage(literal.name, expecting: .event, within: nil) {
                checkMessageArguments(literal, entry: event, scope, identityAutoFilled: false)
            } else {
                checkArgumentValuesOnly(literal, scope)
            }
        }
        var shape: QueryShape?
        if let query = d.query {
            if let found = projection.queries.first(where: { $0.name == query.name.name }) {
                symbol.query = found.name
                shape = found.shape
                checkQueryArguments(query, found, scope)
            } else {
                report(SemaDiagnostics.unknownScenarioQuery(query.name.name, projection: projection.name, at: query.name.span,
                                                            help: Suggestions.help(for: query.name.name, among: projection.queries.map(\.name))))
                checkCallValuesOnly(query.arguments, scope)
            }
        }
        switch d.then {
        case .rejected(_, let span)?:
            report(SemaDiagnostics.scenarioFormMismatch("`rejected`", subject: subject, at: span, fits: fits))
        case .saga(_, let outcome, _)?:
            report(SemaDiagnostics.scenarioFormMismatch("`\(outcome.word.rawValue)`", subject: subject, at: outcome.span, fits: fits))
        case .sends(let sends, _)?:
            if let delayed = sends.first(where: { $0.delay != nil }) {
                report(SemaDiagnostics.scenarioFormMismatch("`after`", subject: subject, at: delayed.span, fits: fits))
            }
        case .events?, .nothing?, nil:
            break
        }
        let rows = d.then?.messages ?? []
        if shape == .single, rows.count > 1, let query = d.query {
            report(SemaDiagnostics.scenarioFormMismatch("more than one row", subject: "`\(query.name.name)`", at: rows[1].span,
                                                        fits: "`\(query.name.name)` returns `\(projection.name)?`: at most one row"))
        }
        for row in rows {
            guard row.name.parts.count == 1, row.name.last.name == projection.name else {
                report(SemaDiagnostics.scenarioWrongRow("\(row.name)", projection: projection.name, at: row.name.span))
                checkArgumentValuesOnly(row, scope)
                continue
            }
            checkFieldArguments(row.arguments, identity: projection.key, identityAutoFilled: false, fields: projection.row,
                                owner: projection.name, missingAt: row.name.span, scope)
        }
    }

    /// The labelled arguments of `when query(…)` against the query's parameters (all required).
    private func checkQueryArguments(_ query: ScenarioQuery, _ symbol: QuerySymbol, _ scope: Scope) {
        var labelled: [FieldArgument] = []
        let parameters = symbol.parameters.fields
        for (i, argument) in query.arguments.enumerated() {
            guard let label = argument.label else {
                report(SemaDiagnostics.unlabelledQueryArgument(query: query.name.name, at: argument.value.span))
                // Read as the parameter at its position, so that nothing more is reported about it.
                if i < parameters.count {
                    labelled.append(FieldArgument(label: Identifier(parameters[i].name, span: argument.value.span), value: argument.value,
                                                  span: argument.value.span))
                } else {
                    _ = check(argument.value, scope)
                }
                continue
            }
            labelled.append(FieldArgument(label: label, value: argument.value, span: label.span.to(argument.value.span)))
        }
        checkFieldArguments(labelled, identity: nil, identityAutoFilled: false, fields: symbol.parameters,
                            owner: "query `\(query.name.name)`", missingAt: query.name.span, scope)
    }
}
