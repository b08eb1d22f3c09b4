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
    func resolveMessage(_ name: QualifiedName, expecting kind: MessageKind, within aggregate: String?) -> MessageEntry? {
        let last = name.last
        guard name.parts.count <= 2 else {
            report(SemaDiagnostics.overlongMessageName("\(name)", kind: kind.noun, at: name.span))
            return nil
        }
        var found: MessageEntry?
        if let qualifier = name.qualifier {
            if let entries = messages[qualifier.name] {
                found = lookup(last, in: entries, owner: qualifier.name, expecting: kind)
            } else if let entry = topLevel[qualifier.name] {
                if entry.kind != .aggregate && entry.kind != .service {
                    report(SemaDiagnostics.wrongKind(qualifier.name, is: entry.kind.noun, expected: "an aggregate or a service",
                                                     at: qualifier.span, declared: entry.span))
                }
            } else {
                let owners = Array(symbols.aggregates.keys) + Array(symbols.services.keys)
                report(SemaDiagnostics.unknownOwner(qualifier.name, at: qualifier.span,
                                                      help: Suggestions.help(for: qualifier.name, among: owners)))
            }
        } else if let aggregate, let entries = messages[aggregate], entries[last.name] != nil {
            found = lookup(last, in: entries, owner: aggregate, expecting: kind)
        } else {
            found = lookupUnqualified(last, expecting: kind)
        }
        if let found { messageTargets[name.span] = found.target }
        return found
    }

    private func lookup(_ id: Identifier, in entries: [String: MessageEntry], owner: String, expecting kind: MessageKind) -> MessageEntry? {
        let n = id.name
        if let entry = entries[n] {
            if entry.kind == kind { return entry }
            let what: String = switch entry.target {
            case .aggregateCommand: "a command"
            case .aggregateEvent: "an event"
            case .serviceCommand: "a service command"
            }
            report(SemaDiagnostics.wrongKind(entry.qualifiedName, is: what, expected: kind.noun, at: id.span, declared: entry.nameSpan))
            return nil
        }
        if let service = symbols.services[owner] {
            switch kind {
            case .command:
                report(SemaDiagnostics.unknownCommandOf(service: owner, n, at: id.span,
                                                      help: Suggestions.help(for: n, among: service.commandOrder)))
            case .event:
                report(SemaDiagnostics.noEventsInService(owner, n, at: id.span))
            }
            return nil
        }
        let candidates = entries.values.filter { $0.kind == kind }.map(\.name)
        report(SemaDiagnostics.unknownMessageOf(aggregate: owner, kind: kind.word, n, at: id.span,
                                              help: Suggestions.help(for: n, among: candidates)))
        return nil
    }

    private func lookupUnqualified(_ id: Identifier, expecting kind: MessageKind) -> MessageEntry? {
        let n = id.name
        let events = (eventOwners[n] ?? []).compactMap { messages[$0]?[n] }.filter { $0.kind == .event }
        let commands = (commandOwners[n] ?? []).compactMap { messages[$0.name]?[n] }.filter { $0.kind == .command }
        let (wanted, other) = kind == .event ? (events, commands) : (commands, events)
        if wanted.count == 1 { return wanted[0] }
        if wanted.count > 1 {
            report(SemaDiagnostics.ambiguous(n, kind: kind.word, candidates: wanted.map { ($0.qualifiedName, $0.nameSpan) }, at: id.span))
            return nil
        }
        if let o = other.first {
            report(SemaDiagnostics.wrongKind(o.qualifiedName, is: o.kind.noun, expected: kind.noun, at: id.span, declared: o.nameSpan))
            return nil
        }
        if reportTopLevelKind(id, expecting: kind) { return nil }
        let names = kind == .event ? Array(eventOwners.keys) : Array(commandOwners.keys)
        report(SemaDiagnostics.unknownMessageName(kind: kind.word, n, at: id.span, help: Suggestions.help(for: n, among: names)))
        return nil
    }

    /// Reports a top-level declaration (a service, a type, …) named where a message belongs; returns whether it did.
    private func reportTopLevelKind(_ id: Identifier, expecting kind: MessageKind) -> Bool {
        guard let entry = topLevel[id.name] else { return false }
        report(SemaDiagnostics.wrongKind(id.name, is: entry.kind.noun, expected: kind.noun, at: id.span, declared: entry.span))
        return true
    }

    /// Checks the arguments of a resolved message literal against the message's fields.
    /// `identityAutoFilled`: `emit` fills in the aggregate id, everywhere else it must be given.
    func checkMessageArguments(_ literal: MessageLiteral, entry: MessageEntry, _ scope: Scope, identityAutoFilled: Bool) {
        checkFieldArguments(literal.arguments, identity: entry.identity, identityAutoFilled: identityAutoFilled,
                            fields: entry.fields, owner: entry.qualifiedName, missingAt: literal.name.span, scope)
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
            resolved = scope.lookup(argument.label.name).map { binding in
                markUsed(binding)
                return (binding.resolution, binding.type)
            }
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
