import EVDLSema
import EVDLSyntax

extension ScenarioInterpreter {
    /// given events (of any aggregates) → the rows of the projection, or the result of `when query(…)`.
    func runProjectionScenario(_ d: ScenarioDecl, projection name: String) -> ScenarioResult {
        let subject = "projection \(name)"
        guard let projection = projections[name], let symbol = evaluator.model.symbols.projections[name] else {
            return result(d, subject: subject, stop: .failure("`\(name)` is not a projection of this module", at: d.span))
        }
        let f = scenarioFrame()
        var expected = ""
        do {
            var expectedRows: [Value.Fields] = []
            switch d.then {
            case .events(let literals, _)?:
                for literal in literals { expectedRows.append(try evaluator.build(name, given: try evaluator.arguments(of: literal.arguments, f), f, at: literal.span)) }
            case .nothing?: break
            case .rejected?, .sends?, .saga?, nil:
                return result(d, subject: subject, stop: .failure("a projection scenario expects rows or `nothing`", at: d.span))
            }
            let rows = try ProjectionRunner(evaluator: evaluator, projection: projection, symbol: symbol)
                .rows(after: try givenEvents(d.given, f), now: f.now)
            var actualRows: [Value.Fields]
            if let query = d.query {
                actualRows = try ProjectionRunner.query(query, of: projection, rows: rows, evaluator: evaluator, f)
            } else {
                actualRows = rows
                // Without a query the rows are compared as a set (identified by their key): sorted by their text.
                actualRows.sort { ValueText.messageLine($0) < ValueText.messageLine($1) }
                expectedRows.sort { ValueText.messageLine($0) < ValueText.messageLine($1) }
            }
            expected = lines(expectedRows)
            let actual = lines(actualRows)
            var summary: String?
            var differences: [String] = []
            if actual != expected {
                differences = Differences.messages(expected: expectedRows, actual: actualRows, noun: "row")
                summary = d.query == nil ? "expected other rows" : "expected another result of `\(d.query!.name.name)`"
            }
            return finish(d, subject: subject, actual: actual, expected: expected, summary: summary, differences: differences,
                          at: d.query?.span ?? d.title.span)
        } catch let stop {
            return result(d, subject: subject, stop: stop, expected: expected)
        }
    }

    /// One line per message or row, or `nothing`.
    func lines(_ messages: [Value.Fields]) -> String {
        messages.isEmpty ? "nothing" : messages.map(ValueText.messageLine).joined(separator: "\n")
    }

    /// The `given` events with their envelopes: versions count per stream from 1, positions from 1, recorded `now`,
    /// event ids `id(position)`.
    func givenEvents(_ literals: [MessageLiteral], _ f: Frame) throws(Stop) -> [(event: Value.Fields, recorded: Value.Fields)] {
        var versions: [String: Int] = [:]
        var out: [(Value.Fields, Value.Fields)] = []
        for (i, literal) in literals.enumerated() {
            let event = try evaluator.message(literal, f)
            let stream = (event.typeName.split(separator: ".").first.map(String.init) ?? "") + "-" + ValueText.canonical(event.values.first ?? .none)
            let version = (versions[stream] ?? 0) + 1
            versions[stream] = version
            out.append((event, Self.recorded(position: i + 1, version: version, now: f.now)))
        }
        return out
    }

    /// The envelope `recorded` of a scenario's event.
    static func recorded(position: Int, version: Int, now: Value) -> Value.Fields {
        Value.Fields(typeName: "RecordedEvent", names: ["eventID", "version", "position", "timestamp", "causationID", "correlationID"],
                     values: [Value.scenarioID(position), .int(version), .int(position), now, .none, .none])
    }
}

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
