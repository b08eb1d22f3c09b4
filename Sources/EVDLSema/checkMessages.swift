import EVDLSyntax

/// Whether a message name must name a command or an event.
enum MessageKind {
    case command, event

    var noun: String {
        switch self {
        case .command: "a command"
        case .event: "an event"
        }
    }

    var word: String {
        switch self {
        case .command: "command"
        case .event: "event"
        }
    }
}

extension Checker {
    /// Resolves a message name (`Q.Name`, or a bare `Name`: first the aggregate's own, then the unique declaration of
    /// that name) to a command or event of the expected kind, records it in the model, and reports what is wrong otherwise.
    func resolveMessage(_ name: QualifiedName, expecting kind: MessageKind, within aggregate: String?) -> MessageTarget? {
        let last = name.last
        guard name.parts.count <= 2 else {
            report(SemaDiagnostics.unknownMessage("`\(name)` is not \(kind.noun) name", at: name.span, help: "write `Aggregate.Name` or `Service.Name`"))
            return nil
        }
        var target: MessageTarget?
        if let qualifier = name.qualifier {
            if let agg = symbols.aggregates[qualifier.name] {
                target = lookup(last, in: agg, expecting: kind)
            } else if let service = symbols.services[qualifier.name] {
                target = lookup(last, in: service, expecting: kind)
            } else if let entry = topLevel[qualifier.name] {
                if entry.kind != .aggregate && entry.kind != .service {
                    report(SemaDiagnostics.wrongKind(qualifier.name, is: entry.kind.noun, expected: "an aggregate or a service",
                                                     at: qualifier.span, declared: entry.span))
                }
            } else {
                let owners = Array(symbols.aggregates.keys) + Array(symbols.services.keys)
                report(SemaDiagnostics.unknownMessage("cannot find aggregate or service `\(qualifier.name)`", at: qualifier.span,
                                                      help: Suggestions.help(for: qualifier.name, among: owners)))
            }
        } else if let aggregate, let agg = symbols.aggregates[aggregate],
                  agg.events[last.name] != nil || agg.commands[last.name] != nil {
            target = lookup(last, in: agg, expecting: kind)
        } else {
            target = lookupUnqualified(last, expecting: kind)
        }
        if let target { messageTargets[name.span] = target }
        return target
    }

    private func lookup(_ id: Identifier, in agg: AggregateSymbol, expecting kind: MessageKind) -> MessageTarget? {
        let n = id.name
        switch kind {
        case .event:
            if agg.events[n] != nil { return .aggregateEvent(aggregate: agg.name, event: n) }
            if let c = agg.commands[n] {
                report(SemaDiagnostics.wrongKind("\(agg.name).\(n)", is: "a command", expected: "an event", at: id.span, declared: c.declaration.name.span))
                return nil
            }
            report(SemaDiagnostics.unknownMessage("aggregate `\(agg.name)` has no event `\(n)`", at: id.span,
                                                  help: Suggestions.help(for: n, among: agg.eventOrder)))
        case .command:
            if agg.commands[n] != nil { return .aggregateCommand(aggregate: agg.name, command: n) }
            if let e = agg.events[n] {
                report(SemaDiagnostics.wrongKind("\(agg.name).\(n)", is: "an event", expected: "a command", at: id.span, declared: e.declaration.name.span))
                return nil
            }
            report(SemaDiagnostics.unknownMessage("aggregate `\(agg.name)` has no command `\(n)`", at: id.span,
                                                  help: Suggestions.help(for: n, among: agg.commandOrder)))
        }
        return nil
    }

    private func lookup(_ id: Identifier, in service: ServiceSymbol, expecting kind: MessageKind) -> MessageTarget? {
        let n = id.name
        switch kind {
        case .command:
            if service.commands[n] != nil { return .serviceCommand(service: service.name, command: n) }
            report(SemaDiagnostics.unknownMessage("service `\(service.name)` has no command `\(n)`", at: id.span,
                                                  help: Suggestions.help(for: n, among: service.commandOrder)))
        case .event:
            if let c = service.commands[n] {
                report(SemaDiagnostics.wrongKind("\(service.name).\(n)", is: "a service command", expected: "an event", at: id.span,
                                                 declared: c.declaration.name.span))
            } else {
                report(SemaDiagnostics.unknownMessage("service `\(service.name)` has no event `\(n)`: services declare no events", at: id.span,
                                                      help: nil))
            }
        }
        return nil
    }

    private func lookupUnqualified(_ id: Identifier, expecting kind: MessageKind) -> MessageTarget? {
        let n = id.name
        let events = (eventOwners[n] ?? []).compactMap { a in symbols.aggregates[a]?.events[n].map { ($0.qualifiedName, $0.declaration.name.span) } }
        let commands = (commandOwners[n] ?? []).compactMap { owner -> (String, Span, MessageTarget)? in
            switch owner {
            case .aggregate(let a):
                return symbols.aggregates[a]?.commands[n].map { ($0.qualifiedName, $0.declaration.name.span, .aggregateCommand(aggregate: a, command: n)) }
            case .service(let s):
                return symbols.services[s]?.commands[n].map { ($0.qualifiedName, $0.declaration.name.span, .serviceCommand(service: s, command: n)) }
            }
        }
        switch kind {
        case .event:
            if events.count == 1, let a = eventOwners[n]?.first(where: { symbols.aggregates[$0]?.events[n] != nil }) {
                return .aggregateEvent(aggregate: a, event: n)
            }
            if events.count > 1 {
                report(SemaDiagnostics.ambiguous(n, kind: "event", candidates: events, at: id.span))
                return nil
            }
            if let c = commands.first {
                report(SemaDiagnostics.wrongKind(c.0, is: "a command", expected: "an event", at: id.span, declared: c.1))
                return nil
            }
            if reportTopLevelKind(id, expecting: kind) { return nil }
            report(SemaDiagnostics.unknownMessage("cannot find event `\(n)`", at: id.span, help: Suggestions.help(for: n, among: eventOwners.keys)))
        case .command:
            if commands.count == 1 { return commands[0].2 }
            if commands.count > 1 {
                report(SemaDiagnostics.ambiguous(n, kind: "command", candidates: commands.map { ($0.0, $0.1) }, at: id.span))
                return nil
            }
            if let e = events.first {
                report(SemaDiagnostics.wrongKind(e.0, is: "an event", expected: "a command", at: id.span, declared: e.1))
                return nil
            }
            if reportTopLevelKind(id, expecting: kind) { return nil }
            report(SemaDiagnostics.unknownMessage("cannot find command `\(n)`", at: id.span, help: Suggestions.help(for: n, among: commandOwners.keys)))
        }
        return nil
    }

    /// Reports a top-level declaration (a service, a type, …) named where a message belongs; returns whether it did.
    private func reportTopLevelKind(_ id: Identifier, expecting kind: MessageKind) -> Bool {
        guard let entry = topLevel[id.name] else { return false }
        report(SemaDiagnostics.wrongKind(id.name, is: entry.kind.noun, expected: kind.noun, at: id.span, declared: entry.span))
        return true
    }

    /// The fields of a message for `event.x` / `command.x`: the id first, then the declared fields.
    func messageMembers(identity: FieldSymbol?, fields: FieldList) -> FieldList {
        var list = FieldList(single: identity)
        for f in fields.fields { list.append(f) }
        return list
    }

    /// The `event` context value for an event (built once per event).
    func eventContext(_ event: EventSymbol) -> ContextValue {
        let name = event.qualifiedName
        if let cached = eventContexts[name] { return cached }
        let value = ContextValue(type: .message(name), members: messageMembers(identity: event.identity, fields: event.fields),
                                 kind: .event, assignable: false)
        eventContexts[name] = value
        return value
    }

    /// Checks the arguments of a resolved message literal against the message's fields.
    /// `identityAutoFilled`: `emit` fills in the aggregate id, everywhere else it must be given.
    func checkMessageArguments(_ literal: MessageLiteral, target: MessageTarget, _ scope: Scope, identityAutoFilled: Bool) {
        if let command = symbols.command(target) {
            checkFieldArguments(literal.arguments, identity: command.identity, identityAutoFilled: identityAutoFilled,
                                fields: command.fields, owner: command.qualifiedName, missingAt: literal.name.span, scope)
        } else if let event = symbols.event(target) {
            checkFieldArguments(literal.arguments, identity: event.identity, identityAutoFilled: identityAutoFilled,
                                fields: event.fields, owner: event.qualifiedName, missingAt: literal.name.span, scope)
        }
    }

    /// Checks `{ label: value, … }` against fields: unknown labels, duplicates, value types, and missing fields.
    func checkFieldArguments(_ arguments: [FieldArgument], identity: FieldSymbol?, identityAutoFilled: Bool, fields: FieldList,
                             owner: String, missingAt: Span, _ scope: Scope) {
        var seen = SeenNames()
        for argument in arguments {
            let name = argument.label.name
            if let first = seen[name] {
                report(SemaDiagnostics.duplicateArgument(name, at: argument.label.span, first: first))
                checkArgumentValue(argument, expected: nil, scope, quiet: true)
                continue
            }
            seen.insert(name, argument.label.span)
            var fieldType = fields.type(of: name)
            if fieldType == nil, let identity, identity.name == name {
                if identityAutoFilled {
                    report(SemaDiagnostics.identityInEmit(name, at: argument.label.span))
                    checkArgumentValue(argument, expected: nil, scope, quiet: true)
                    continue
                }
                fieldType = identity.type
            }
            guard let fieldType else {
                var names = fields.names
                if let identity, !identityAutoFilled { names.append(identity.name) }
                report(SemaDiagnostics.unknownField(name, of: owner, at: argument.label.span, help: Suggestions.help(for: name, among: names)))
                checkArgumentValue(argument, expected: nil, scope, quiet: true)
                continue
            }
            checkArgumentValue(argument, expected: fieldType, scope, quiet: false)
        }
        var missing: [FieldSymbol] = []
        if let identity, !identityAutoFilled, seen[identity.name] == nil { missing.append(identity) }
        let all = fields.fields
        for i in all.indices where !all[i].hasDefault && seen[all[i].name] == nil { missing.append(all[i]) }
        if !missing.isEmpty {
            report(SemaDiagnostics.missingFields(missing.map(\.name), of: owner, at: missingAt, declared: missing[0].nameSpan))
        }
    }

    /// Checks one argument's value; a shorthand `label` reads the same-named value in scope.
    /// `quiet`: the argument is already wrong, so an unresolved shorthand is not reported again.
    func checkArgumentValue(_ argument: FieldArgument, expected: SemType?, _ scope: Scope, quiet: Bool) {
        if let value = argument.value {
            if let expected { check(value, scope, against: expected) } else { check(value, scope) }
            return
        }
        let resolved: (NameResolution, SemType)?
        if quiet {
            resolved = scope.lookup(argument.label.name).map { ($0.resolution, $0.type) }
        } else {
            resolved = resolveValueName(argument.label, scope, expected: expected)
        }
        guard let (resolution, type) = resolved else {
            shorthandTypes[argument.label.span] = .error
            return
        }
        shorthandResolutions[argument.label.span] = resolution
        shorthandTypes[argument.label.span] = type
        if let expected, !conforms(type, to: expected) {
            report(SemaDiagnostics.mismatch(expected: expected, found: type, at: argument.label.span))
        }
    }

    /// Checks the argument values of a message literal that did not resolve (no expected types, no cascades).
    func checkArgumentValuesOnly(_ literal: MessageLiteral, _ scope: Scope) {
        for argument in literal.arguments { checkArgumentValue(argument, expected: nil, scope, quiet: true) }
    }
}

/// The labels given so far in one argument list: a short array (argument lists are short), searched linearly.
struct SeenNames {
    private var entries: [(name: String, span: Span)] = []

    subscript(name: String) -> Span? {
        for entry in entries where entry.name == name { return entry.span }
        return nil
    }

    mutating func insert(_ name: String, _ span: Span) { entries.append((name, span)) }
}
