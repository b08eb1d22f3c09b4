import EVDLSyntax

extension Checker {
    /// Checks field default values against the fields' types (no names are in scope there).
    func checkFieldDefaults() {
        let scope = Scope(.fieldDefault)
        for (value, type) in pendingDefaults { check(value, scope, against: type) }
        pendingDefaults = []
    }

    /// Checks every aggregate: `emits` lists, decide and apply blocks (and their bodies), undecided commands.
    func checkAggregates() {
        for d in aggregateDecls where topLevel[d.name.name]?.span == d.name.span {
            guard symbols.aggregates[d.name.name] != nil else { continue }
            checkAggregate(d)
        }
    }

    private func checkAggregate(_ d: AggregateDecl) {
        let name = d.name.name
        var agg = symbols.aggregates[name]!
        for commandName in agg.commandOrder {
            var command = agg.commands[commandName]!
            var valid: [String] = []
            for e in command.declaration.emits {
                if agg.events[e.name] != nil {
                    if !valid.contains(e.name) { valid.append(e.name) }
                } else if let other = agg.commands[e.name] {
                    report(SemaDiagnostics.wrongKind("\(name).\(e.name)", is: "a command", expected: "an event", at: e.span,
                                                     declared: other.declaration.name.span))
                } else {
                    report(SemaDiagnostics.unknownMessageOf(aggregate: name, kind: "event", e.name, at: e.span,
                                                          help: Suggestions.help(for: e.name, among: agg.eventOrder)))
                }
            }
            command.emits = valid
            command.emittedEvents = valid
            agg.commands[commandName] = command
            messages[name]?[commandName]?.emits = valid
        }
        var decides: [DecideDecl] = []
        var applies: [ApplyDecl] = []
        for member in d.members {
            switch member {
            case .decide(let decide):
                let n = decide.command.name
                guard agg.commands[n] != nil else {
                    reportUnknownOwnMessage(decide.command, in: agg, expecting: .command)
                    continue
                }
                if let first = agg.decides[n] {
                    report(SemaDiagnostics.duplicateHandler("decide", n, at: decide.command.span, first: first.command.span))
                    continue
                }
                agg.decides[n] = decide
                agg.commands[n]!.hasDecide = true
                decides.append(decide)
            case .apply(let apply):
                let n = apply.event.name
                guard agg.events[n] != nil else {
                    reportUnknownOwnMessage(apply.event, in: agg, expecting: .event)
                    continue
                }
                if let first = agg.applies[n] {
                    report(SemaDiagnostics.duplicateHandler("apply", n, at: apply.event.span, first: first.event.span))
                    continue
                }
                agg.applies[n] = apply
                agg.events[n]!.hasApply = true
                applies.append(apply)
            case .id, .snapshot, .state, .command, .event: break
            }
        }
        symbols.aggregates[name] = agg
        let identity = FieldList(single: agg.identity)
        let stateType = SemType.record("\(name).State")
        for decide in decides { checkDecide(decide, agg, identity: identity, stateType: stateType) }
        for apply in applies { checkApply(apply, agg, identity: identity, stateType: stateType) }
        for commandName in agg.commandOrder {
            if let emitted = messages[name]?[commandName]?.emittedByDecide, !emitted.isEmpty {
                agg.commands[commandName]!.emittedEvents.append(contentsOf: emitted.filter { !agg.commands[commandName]!.emits.contains($0) })
            }
        }
        symbols.aggregates[name] = agg
        for commandName in agg.commandOrder {
            let command = agg.commands[commandName]!
            if !command.hasDecide && command.declaration.emits.isEmpty {
                report(SemaDiagnostics.commandNeverDecided(commandName, at: command.declaration.name.span))
            }
        }
    }

    private func reportUnknownOwnMessage(_ id: Identifier, in agg: AggregateSymbol, expecting kind: MessageKind) {
        let otherSpan: Span? = switch kind {
        case .command: agg.events[id.name]?.declaration.name.span
        case .event: agg.commands[id.name]?.declaration.name.span
        }
        if let otherSpan {
            let actual: MessageKind = kind == .command ? .event : .command
            report(SemaDiagnostics.wrongKind("\(agg.name).\(id.name)", is: actual.noun, expected: kind.noun, at: id.span, declared: otherSpan))
            return
        }
        let candidates = kind == .command ? agg.commandOrder : agg.eventOrder
        report(SemaDiagnostics.unknownMessageOf(aggregate: agg.name, kind: kind.word, id.name, at: id.span,
                                              help: Suggestions.help(for: id.name, among: candidates)))
    }

    private func checkDecide(_ decide: DecideDecl, _ agg: AggregateSymbol, identity: FieldList, stateType: SemType) {
        guard let command = messages[agg.name]?[decide.command.name] else { return }
        var scope = Scope(.decide)
        scope.aggregate = agg.name
        scope.command = command.name
        scope.layers = [
            NameLayer(fields: command.fields, kind: .command, assignable: false),
            NameLayer(fields: agg.state, kind: .state, assignable: false),
            NameLayer(fields: identity, kind: .identity, assignable: false),
        ]
        scope.contextValues = [
            "state": ContextValue(type: stateType, members: agg.state, kind: .state, assignable: false),
            "command": command.context,
        ]
        checkBlock(decide.body, &scope)
    }

    private func checkApply(_ apply: ApplyDecl, _ agg: AggregateSymbol, identity: FieldList, stateType: SemType) {
        guard let event = messages[agg.name]?[apply.event.name] else { return }
        var scope = Scope(.apply)
        scope.aggregate = agg.name
        scope.layers = [
            NameLayer(fields: agg.state, kind: .state, assignable: true),
            NameLayer(fields: identity, kind: .identity, assignable: false),
        ]
        scope.contextValues = [
            "state": ContextValue(type: stateType, members: agg.state, kind: .state, assignable: true),
            "event": event.context,
        ]
        checkBlock(apply.body, &scope)
    }

    /// Checks `emit E { … }` in the decide of `command`: the event is the aggregate's own, its fields are complete
    /// (the id is filled in), and it is listed in the command's `emits` when there is such a list.
    func checkEmit(_ literal: MessageLiteral, aggregate: String, command: String, _ scope: Scope) {
        guard let entry = resolveMessage(literal.name, expecting: .event, within: aggregate) else {
            checkArgumentValuesOnly(literal, scope)
            return
        }
        guard entry.owner == aggregate else {
            report(SemaDiagnostics.emitForeignEvent(entry.qualifiedName, aggregate: aggregate, at: literal.name.span))
            checkArgumentValuesOnly(literal, scope)
            return
        }
        checkMessageArguments(literal, entry: entry, scope, identityAutoFilled: true)
        guard let commandEntry = messages[aggregate]?[command] else { return }
        if let list = commandEntry.emitsSpan, !commandEntry.emits.isEmpty, !commandEntry.emits.contains(entry.name) {
            report(SemaDiagnostics.emitNotListed(entry.name, command: command, at: literal.name.span, list: list))
        }
        if !commandEntry.emittedByDecide.contains(entry.name) { commandEntry.emittedByDecide.append(entry.name) }
    }
}
