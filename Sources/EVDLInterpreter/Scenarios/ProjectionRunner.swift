import EVDLSema
import EVDLSyntax

/// A projection's handlers and queries, run as the generated `update` and query functions run.
struct ProjectionRunner {
    let evaluator: Evaluator
    let projection: ProjectionDecl
    let symbol: ProjectionSymbol

    /// The rows after `events`, in first-insertion order of their keys (as the read-model stores keep them).
    func rows(after events: [(event: Value.Fields, recorded: Value.Fields)], now: Value) throws(Stop) -> [Value.Fields] {
        var order: [Value] = []
        var rows: [Value: Value.Fields] = [:]
        let keyName = symbol.key?.name ?? "id"
        for (event, recorded) in events {
            for handler in projection.handlers where qualified(handler.event) == event.typeName {
                let f = Frame(now: now)
                f.event = event
                f.recorded = recorded
                var elements: [Value?] = [nil]
                if let source = handler.elements {
                    guard case .array(let values) = try evaluator.eval(source, f) else { throw .failure("`for` needs an array", at: source.span) }
                    elements = values
                }
                for element in elements {
                    let depth = f.locals.count
                    if let element, let name = handler.element?.name { f.locals.append((name, element)) }
                    defer { f.locals.removeLast(f.locals.count - depth) }
                    if let filter = handler.filter, !(try evaluator.truth(filter, f)) { continue }
                    let key: Value
                    if let keyExpr = handler.key {
                        key = try evaluator.eval(keyExpr, f)
                    } else {
                        key = event[keyName] ?? .none
                    }
                    var row: Value.Fields
                    if let existing = rows[key] {
                        row = existing
                    } else {
                        row = try evaluator.build(projection.name.name, given: [keyName: key], f, at: handler.span)
                    }
                    f.state = row
                    f.identity = key
                    f.deleted = false
                    do {
                        try evaluator.run(handler.body, f)
                    } catch let stop where stop.kind == .deleted {
                        f.deleted = true
                    }
                    if f.deleted {
                        rows[key] = nil
                        order.removeAll { $0 == key }
                    } else {
                        row = f.state ?? row
                        if rows[key] == nil { order.append(key) }
                        rows[key] = row
                    }
                    f.state = nil
                }
            }
        }
        return order.compactMap { rows[$0] }
    }

    private func qualified(_ name: QualifiedName) -> String {
        if let target = evaluator.model.messageTargets[name.span] { return target.qualifiedName }
        return name.parts.map(\.name).joined(separator: ".")
    }

    /// The result of `query(arguments)` over `rows`: the rows its `where` holds for, in order (the first for a
    /// query of one row).
    static func query(_ call: ScenarioQuery, of projection: ProjectionDecl, rows: [Value.Fields], evaluator: Evaluator, _ f: Frame) throws(Stop) -> [Value.Fields] {
        guard let query = projection.queries.first(where: { $0.name.name == call.name.name }) else {
            throw .failure("`\(call.name.name)` is not a query of `\(projection.name.name)`", at: call.name.span)
        }
        let q = Frame(now: f.now)
        for (i, argument) in call.arguments.enumerated() {
            let name = argument.label?.name ?? (i < query.parameters.count ? query.parameters[i].name.name : "")
            var value = try evaluator.eval(argument.value, f)
            if let p = query.parameters.first(where: { $0.name.name == name }), let t = evaluator.model.symbols.projections[projection.name.name]?.queries.first(where: { $0.name == query.name.name })?.parameters.type(of: p.name.name) {
                value = evaluator.coerce(value, to: t)
            }
            q.parameters[name] = value
        }
        var matches: [Value.Fields] = []
        for row in rows {
            q.state = row
            q.identity = row.values.first ?? .none
            if let filter = query.filter, !(try evaluator.truth(filter, q)) { continue }
            matches.append(row)
        }
        if case .optional = query.result.kind { return Array(matches.prefix(1)) }
        return matches
    }
}
