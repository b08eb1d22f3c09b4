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

    /// Checks one aggregate. The symbol is mutated in place in `symbols` (never copied out and written back, which
    /// would copy its command and event tables); lookups go through the reference-typed message entries.
    private func checkAggregate(_ d: AggregateDecl) {
        let name = d.name.name
        let entries = messages[name] ?? [:]
        let (commandOrder, eventOrder, state, identityField) = Self.readOnlyParts(symbols.aggregates[name]!)
        for commandName in commandOrder {
            guard let command = entries[commandName] else { continue }
            var valid: [String] = []
            for e in command.declaredEmits {
                if let other = entries[e.name] {
                    if other.kind == .event {
                        if !valid.contains(e.name) { valid.append(e.name) }
                    } else {
                        report(SemaDiagnostics.wrongKind("\(name).\(e.name)", is: "a command", expected: "an event", at: e.span,
                                                         declared: other.nameSpan))
                    }
                } else {
                    report(SemaDiagnostics.unknownMessageOf(aggregate: name, kind: "event", e.name, at: e.span,
                                                          help: Suggestions.help(for: e.name, among: eventOrder)))
                }
            }
            symbols.aggregates[name]!.commands[commandName]!.emits = valid
            symbols.aggregates[name]!.commands[commandName]!.emittedEvents = valid
            command.emits = valid
        }
        var decides: [DecideDecl] = []
        var applies: [ApplyDecl] = []
        var decideByCommand: [String: DecideDecl] = [:]
        var applyByEvent: [String: ApplyDecl] = [:]
        for member in d.members {
            switch member {
            case .decide(let decide):
                let n = decide.command.name
                guard entries[n]?.kind == .command else {
                    reportUnknownOwnMessage(decide.command, aggregate: name, entries: entries, expecting: .command,
                                            commandOrder: commandOrder, eventOrder: eventOrder)
                    continue
                }
                if let first = decideByCommand[n] {
                    report(SemaDiagnostics.duplicateHandler("decide", n, at: decide.command.span, first: first.command.span))
                    continue
                }
                decideByCommand[n] = decide
                symbols.aggregates[name]!.commands[n]!.hasDecide = true
                decides.append(decide)
            case .apply(let apply):
                let n = apply.event.name
                guard entries[n]?.kind == .event else {
                    reportUnknownOwnMessage(apply.event, aggregate: name, entries: entries, expecting: .event,
                                            commandOrder: commandOrder, eventOrder: eventOrder)
                    continue
                }
                if let first = applyByEvent[n] {
                    report(SemaDiagnostics.duplicateHandler("apply", n, at: apply.event.span, first: first.event.span))
                    continue
                }
                applyByEvent[n] = apply
                symbols.aggregates[name]!.events[n]!.hasApply = true
                applies.append(apply)
            case .id, .snapshot, .state, .command, .event: break
            }
        }
        symbols.aggregates[name]!.decides = decideByCommand.mapValues(\.span)
        symbols.aggregates[name]!.applies = applyByEvent.mapValues(\.span)
        let identity = FieldList(single: identityField)
        let stateType = SemType.record("\(name).State")
        for decide in decides { checkDecide(decide, aggregate: name, entries: entries, state: state, identity: identity, stateType: stateType) }
        for apply in applies { checkApply(apply, aggregate: name, entries: entries, state: state, identity: identity, stateType: stateType) }
        for commandName in commandOrder {
            guard let command = entries[commandName] else { continue }
            let emitted = command.emittedByDecide
            if !emitted.isEmpty {
                let listed = command.emits
                symbols.aggregates[name]!.commands[commandName]!.emittedEvents.append(contentsOf: emitted.filter { !listed.contains($0) })
            }
            if decideByCommand[commandName] == nil && command.declaredEmits.isEmpty {
                report(SemaDiagnostics.commandNeverDecided(commandName, at: command.nameSpan))
            }
        }
    }

    /// The parts of an aggregate the checks read; they share storage with the symbol and are never mutated.
    private static func readOnlyParts(_ agg: AggregateSymbol) -> ([String], [String], FieldList, FieldSymbol?) {
        (agg.commandOrder, agg.eventOrder, agg.state, agg.identity)
    }

    private func reportUnknownOwnMessage(_ id: Identifier, aggregate: String, entries: [String: MessageEntry], expecting kind: MessageKind,
                                         commandOrder: [String], eventOrder: [String]) {
        if let other = entries[id.name], other.kind != kind {
            let actual: MessageKind = kind == .command ? .event : .command
            report(SemaDiagnostics.wrongKind("\(aggregate).\(id.name)", is: actual.noun, expected: kind.noun, at: id.span, declared: other.nameSpan))
            return
        }
        let candidates = kind == .command ? commandOrder : eventOrder
        report(SemaDiagnostics.unknownMessageOf(aggregate: aggregate, kind: kind.word, id.name, at: id.span,
                                              help: Suggestions.help(for: id.name, among: candidates)))
    }

    private func checkDecide(_ decide: DecideDecl, aggregate: String, entries: [String: MessageEntry], state: FieldList,
                             identity: FieldList, stateType: SemType) {
        guard let command = entries[decide.command.name] else { return }
        var scope = Scope(.decide)
        scope.aggregate = aggregate
        scope.command = command.name
        scope.layers = [
            NameLayer(fields: command.fields, kind: .command, assignable: false),
            NameLayer(fields: state, kind: .state, assignable: false),
            NameLayer(fields: identity, kind: .identity, assignable: false),
        ]
        scope.contextValues = [
            "state": ContextValue(type: stateType, members: state, kind: .state, assignable: false),
            "command": command.context,
        ]
        checkBlock(decide.body, &scope)
    }

    private func checkApply(_ apply: ApplyDecl, aggregate: String, entries: [String: MessageEntry], state: FieldList,
                            identity: FieldList, stateType: SemType) {
        guard let event = entries[apply.event.name] else { return }
        var scope = Scope(.apply)
        scope.aggregate = aggregate
        scope.layers = [
            NameLayer(fields: state, kind: .state, assignable: true),
            NameLayer(fields: identity, kind: .identity, assignable: false),
        ]
        scope.contextValues = [
            "state": ContextValue(type: stateType, members: state, kind: .state, assignable: true),
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
