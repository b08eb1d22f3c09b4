import EVDLSyntax

extension Checker {
    /// Pass 2: resolves the written types of every field, id, key, parameter and input, and builds the
    /// symbols of records, aggregates (state, commands, events), services, projections and sagas.
    func resolveDeclarationTypes() {
        var counts = (types: 0, aggregates: 0, services: 0, projections: 0, sagas: 0, policies: 0, publishes: 0, scenarios: 0)
        for declaration in declarationOrder {
            switch declaration {
            case .type: counts.types += 1
            case .enumeration: break
            case .aggregate: counts.aggregates += 1
            case .service: counts.services += 1
            case .projection: counts.projections += 1
            case .saga: counts.sagas += 1
            case .policy: counts.policies += 1
            case .publish: counts.publishes += 1
            case .scenario: counts.scenarios += 1
            }
        }
        symbols.records.reserveCapacity(counts.types)
        symbols.aggregates.reserveCapacity(counts.aggregates)
        symbols.services.reserveCapacity(counts.services)
        symbols.projections.reserveCapacity(counts.projections)
        symbols.sagas.reserveCapacity(counts.sagas)
        symbols.policies.reserveCapacity(counts.policies)
        symbols.publishes.reserveCapacity(counts.publishes)
        symbols.scenarios.reserveCapacity(counts.scenarios)
        for declaration in declarationOrder {
            switch declaration {
            case .type(let d):
                guard topLevel[d.name.name]?.span == d.name.span else { continue }
                let fields = resolveFields(d.fields, owner: "type `\(d.name.name)`", from: d.name.name)
                symbols.records[d.name.name] = RecordSymbol(name: d.name.name, fields: fields, nameSpan: d.name.span)
            case .aggregate(let d):
                guard topLevel[d.name.name]?.span == d.name.span else { continue }
                buildAggregate(d)
            case .service(let d):
                guard topLevel[d.name.name]?.span == d.name.span else { continue }
                buildService(d)
            case .projection(let d):
                guard topLevel[d.name.name]?.span == d.name.span else { continue }
                buildProjection(d)
            case .saga(let d):
                guard topLevel[d.name.name]?.span == d.name.span else { continue }
                let input = d.input.map { resolveFields($0.fields, owner: "the input of saga `\(d.name.name)`", from: nil) } ?? FieldList()
                symbols.sagas[d.name.name] = SagaSymbol(name: d.name.name, input: input, trigger: nil, steps: [], failureActions: [], nameSpan: d.name.span)
            case .enumeration, .policy, .publish, .scenario: break
            }
        }
        buildMessageIndex()
    }

    /// The checked type of a written type. `from` names the declaration the type is written in
    /// (a type's use inside its own declaration does not make it "used").
    func resolveType(_ t: TypeExpr, from: String?) -> SemType {
        switch t.kind {
        case .named(let id):
            if let builtin = builtinTypes[id.name] { return builtin }
            if let entry = topLevel[id.name] {
                switch entry.kind {
                case .type:
                    if id.name != from { usedTypes.insert(id.name) }
                    return .record(id.name)
                case .enumeration:
                    if id.name != from { usedTypes.insert(id.name) }
                    return .enumeration(id.name)
                case .aggregate, .service, .projection, .saga, .policy:
                    report(SemaDiagnostics.wrongKind(id.name, is: entry.kind.noun, expected: "a type", at: id.span, declared: entry.span))
                    return .error
                }
            }
            let candidates = Array(builtinTypes.keys) + topLevel.compactMap { $0.value.kind == .type || $0.value.kind == .enumeration ? $0.key : nil }
            report(SemaDiagnostics.unknownType(id.name, at: id.span, help: Suggestions.help(for: id.name, among: candidates)))
            return .error
        case .array(let element):
            let e = resolveType(element, from: from)
            return e == .error ? .error : .array(e)
        case .dictionary(let key, let value):
            let k = resolveType(key, from: from)
            let v = resolveType(value, from: from)
            return k == .error || v == .error ? .error : .dictionary(k, v)
        case .optional(let wrapped):
            let w = resolveType(wrapped, from: from)
            switch w {
            case .error: return .error
            case .optional: return w
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .record, .enumeration,
                 .message, .nilLiteral, .emptyCollection, .result:
                return .optional(w)
            }
        case .error:
            return .error
        }
    }

    /// Resolves a field list, reporting duplicate names (and fields that clash with `reserved`, the aggregate id).
    ///
    /// `owner` names the list in messages; it is only built when a message needs it.
    func resolveFields(_ decls: [FieldDecl], owner: @autoclosure () -> String, from: String?, reserved: FieldSymbol? = nil) -> FieldList {
        var list = FieldList(capacity: decls.count)
        for decl in decls {
            if let reserved, reserved.name == decl.name.name {
                report(SemaDiagnostics.duplicateMember("field", decl.name.name, in: owner(), at: decl.name.span, first: reserved.nameSpan,
                                                       firstNote: "the aggregate id `\(reserved.name)` is declared here; every command and event carries it"))
                continue
            }
            let type = resolveType(decl.type, from: from)
            var isOptional = false
            if case .optional = type { isOptional = true }
            let field = FieldSymbol(name: decl.name.name, type: type, hasDefault: decl.defaultValue != nil || isOptional, nameSpan: decl.name.span)
            if let first = list.append(field) {
                report(SemaDiagnostics.duplicateMember("field", decl.name.name, in: owner(), at: decl.name.span, first: first.nameSpan))
                continue
            }
            if let value = decl.defaultValue { pendingDefaults.append((value, type)) }
        }
        return list
    }

    private func buildAggregate(_ d: AggregateDecl) {
        let name = d.name.name
        var identity: FieldSymbol?
        var state = FieldList()
        var stateSeen: Span?
        var snapshotSeen: Span?
        var commands: [String: CommandSymbol] = [:]
        var commandOrder: [String] = []
        var events: [String: EventSymbol] = [:]
        var eventOrder: [String] = []
        // Room for exactly the commands and events written (symbols are large: reserving for every member
        // would leave most of the tables empty).
        var commandCount = 0
        var eventCount = 0
        for member in d.members {
            switch member {
            case .command: commandCount += 1
            case .event: eventCount += 1
            case .id, .snapshot, .state, .decide, .apply: break
            }
        }
        commands.reserveCapacity(commandCount)
        events.reserveCapacity(eventCount)
        // The id first, wherever it was written: commands and events must know it.
        for case .id(let idDecl) in d.members {
            if let identity {
                report(SemaDiagnostics.duplicateMember("`id`", idDecl.name.name, in: "aggregate `\(name)`", at: idDecl.span, first: identity.nameSpan))
                continue
            }
            identity = FieldSymbol(name: idDecl.name.name, type: resolveType(idDecl.type, from: nil), hasDefault: false, nameSpan: idDecl.name.span)
        }
        for member in d.members {
            switch member {
            case .id, .decide, .apply: break
            case .snapshot(let every, let span):
                if let snapshotSeen {
                    report(SemaDiagnostics.duplicateMember("`snapshot every`", "\(every)", in: "aggregate `\(name)`", at: span, first: snapshotSeen))
                } else {
                    snapshotSeen = span  // `every` < 1 is reported by the parser
                }
            case .state(let block):
                if let stateSeen {
                    report(SemaDiagnostics.duplicateMember("block", "state", in: "aggregate `\(name)`", at: block.span, first: stateSeen))
                    continue
                }
                stateSeen = block.span
                state = resolveFields(block.fields, owner: "the state of `\(name)`", from: nil, reserved: identity)
                for field in state.fields where !field.hasDefault {
                    report(SemaDiagnostics.fieldNeedsDefault(field.name, in: "state", at: field.nameSpan))
                }
            case .command(let c):
                guard commands[c.name.name] == nil, events[c.name.name] == nil else { continue }
                let fields = resolveFields(c.fields, owner: "command `\(name).\(c.name.name)`", from: nil, reserved: identity)
                let result = c.result.map { resolveFields($0, owner: "the result of `\(name).\(c.name.name)`", from: nil) }
                commands[c.name.name] = CommandSymbol(owner: .aggregate(name), name: c.name.name, identity: identity, fields: fields,
                                                      result: result, emits: c.emits.map(\.name), hasDecide: false,
                                                      existence: c.existence, emittedEvents: [], nameSpan: c.name.span,
                                                      declaredEmits: c.emits)
                commandOrder.append(c.name.name)
            case .event(let e):
                guard commands[e.name.name] == nil, events[e.name.name] == nil else { continue }
                let fields = resolveFields(e.fields, owner: "event `\(name).\(e.name.name)`", from: nil, reserved: identity)
                events[e.name.name] = EventSymbol(aggregate: name, name: e.name.name, version: e.version, identity: identity,
                                                  fields: fields, hasApply: false, nameSpan: e.name.span)
                eventOrder.append(e.name.name)
            }
        }
        if identity == nil { report(SemaDiagnostics.missingIdentity(name, at: d.name.span)) }
        symbols.aggregates[name] = AggregateSymbol(
            name: name, identity: identity, snapshotEvery: d.snapshotEvery, state: state, commands: commands,
            commandOrder: commandOrder, events: events, eventOrder: eventOrder, decides: [:], applies: [:], nameSpan: d.name.span)
    }

    private func buildService(_ d: ServiceDecl) {
        var commands: [String: CommandSymbol] = [:]
        commands.reserveCapacity(d.commands.count)
        var order: [String] = []
        for c in d.commands where commands[c.name.name] == nil {
            if let span = c.existenceSpan, c.existence != .existing {
                report(SemaDiagnostics.createsOnServiceCommand("\(d.name.name).\(c.name.name)", at: span))
            }
            let fields = resolveFields(c.fields, owner: "command `\(d.name.name).\(c.name.name)`", from: nil)
            let result = c.result.map { resolveFields($0, owner: "the result of `\(d.name.name).\(c.name.name)`", from: nil) }
            commands[c.name.name] = CommandSymbol(owner: .service(d.name.name), name: c.name.name, identity: nil, fields: fields,
                                                  result: result, emits: c.emits.map(\.name), hasDecide: false, emittedEvents: [],
                                                  nameSpan: c.name.span, declaredEmits: c.emits)
            order.append(c.name.name)
        }
        symbols.services[d.name.name] = ServiceSymbol(name: d.name.name, commands: commands, commandOrder: order, nameSpan: d.name.span)
    }

    private func buildProjection(_ d: ProjectionDecl) {
        let name = d.name.name
        var key: FieldSymbol?
        var row = FieldList()
        var rowSeen: Span?
        for member in d.members {
            switch member {
            case .key(let k):
                if let key {
                    report(SemaDiagnostics.duplicateMember("`key`", k.name.name, in: "projection `\(name)`", at: k.span, first: key.nameSpan))
                    continue
                }
                key = FieldSymbol(name: k.name.name, type: resolveType(k.type, from: nil), hasDefault: false, nameSpan: k.name.span)
            case .row(let block):
                if let rowSeen {
                    report(SemaDiagnostics.duplicateMember("block", "row", in: "projection `\(name)`", at: block.span, first: rowSeen))
                    continue
                }
                rowSeen = block.span
                row = resolveFields(block.fields, owner: "the row of `\(name)`", from: nil, reserved: nil)
                for field in row.fields where !field.hasDefault {
                    report(SemaDiagnostics.fieldNeedsDefault(field.name, in: "row", at: field.nameSpan))
                }
            case .on, .query: break
            }
        }
        if let key, let clash = row[key.name] {
            report(SemaDiagnostics.duplicateMember("field", key.name, in: "the row of `\(name)`", at: clash.nameSpan, first: key.nameSpan,
                                                   firstNote: "the key `\(key.name)` is declared here; every row carries it"))
        }
        if key == nil { report(SemaDiagnostics.missingProjectionKey(name, at: d.name.span)) }
        symbols.projections[name] = ProjectionSymbol(name: name, key: key, row: row, handlers: [], queries: [], nameSpan: d.name.span)
    }
}
