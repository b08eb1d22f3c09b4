import EVDLSema
import EVDLSyntax

extension Translator {
    /// `update(_:recorded:rows:)`: for each event, its handlers in written order. A handler changes the row at its
    /// key through its own function (`rows.change(at: key) { row in onOrderPlaced(…) }`), or deletes it
    /// (`rows.apply(.delete, at: key)`); `for x in collection` loops over the elements and `where` skips the
    /// events (or elements) it does not hold for.
    func projectionUpdate(_ projection: ProjectionDecl, cases: [ProjectionCase], events: [ProjectionCase]) -> SwiftDecl {
        let switchCases = events.map { first -> SwiftSwitchCase in
            let handlers = cases.filter { $0.caseName == first.caseName }
            let body = handlers.flatMap { handlerStatements($0, of: projection) }
            let readsEvent = handlers.contains { c in
                !deletesOnly(c) || c.handler.key == nil
                    || [c.handler.key, c.handler.elements, c.handler.filter].contains { $0.map { ExprFacts.mentions("event", in: $0) } == true }
            }
            return SwiftSwitchCase(pattern: readsEvent ? .enumCaseBinding(first.caseName, binding: "event") : .enumCase(first.caseName), body: body)
        }
        return .function(SwiftFunction(
            header: memberHeader(doc: [
                "Changes the rows `event` concerns, its handlers in written order; `recorded` is its envelope.",
            ], isStatic: true),
            name: "update",
            parameters: [
                SwiftParameter(label: "_", name: "event", type: .named("Event")),
                SwiftParameter(name: "recorded", type: .named("RecordedEvent")),
                SwiftParameter(name: "rows", type: .opaque(.generic(.named("ProjectionRows"), [.named("Key"), .named("Row")])), convention: .inout),
            ],
            body: [.switchStmt(subject: .identifier("event"), cases: switchCases)]
        ))
    }

    /// The scope of a handler's clauses and body: `event`, `row`, `recorded`, and the element of `for x in …`.
    func handlerScope(_ c: ProjectionCase, of projection: ProjectionDecl) -> ExpressionScope {
        var scope = ExpressionScope(context: .projection(projection: projection, aggregate: c.aggregate.name.name, event: c.event))
        if let element = c.handler.element { scope.locals[element.name] = elementType(c) ?? .error }
        return scope
    }

    /// The element type of `for x in collection`, as the checker found it.
    private func elementType(_ c: ProjectionCase) -> SemType? {
        guard let elements = c.handler.elements else { return nil }
        let scope = ExpressionScope(context: .projection(projection: ProjectionDecl(doc: nil, name: c.handler.event.last, members: [], span: c.handler.span),
                                                         aggregate: c.aggregate.name.name, event: c.event))
        if case .array(let t)? = model.expressionTypes[elements.id] ?? typeOf(elements, in: scope) { return t }
        return nil
    }

    /// Whether the handler's body is only `delete`.
    private func deletesOnly(_ c: ProjectionCase) -> Bool {
        let statements = c.handler.body.statements
        if statements.count == 1, case .delete = statements[0].kind { return true }
        return false
    }

    /// The key of the row a handler changes: `key expr`, or the event's field named like the projection's key.
    private func handlerKey(_ c: ProjectionCase, of projection: ProjectionDecl, in scope: ExpressionScope) -> SwiftExpr {
        if let key = c.handler.key { return translateExpression(key, in: scope, expected: projection.key.map { index.semType($0.type) }) }
        return .member(.identifier("event"), projection.key?.name.name ?? "id")
    }

    /// What `update` does for one handler.
    private func handlerStatements(_ c: ProjectionCase, of projection: ProjectionDecl) -> [SwiftStmt] {
        let scope = handlerScope(c, of: projection)
        let key = handlerKey(c, of: projection, in: scope)
        var statement: SwiftStmt
        if deletesOnly(c) {
            statement = .expression(.call(.member(.identifier("rows"), "apply"), [
                SwiftArgument(value: .implicitMember("delete")), SwiftArgument(label: "at", value: key),
            ]))
        } else {
            var arguments = [
                SwiftArgument(value: .identifier("event")),
                SwiftArgument(label: "recorded", value: .identifier("recorded")),
                SwiftArgument(label: "key", value: .identifier("key")),
            ]
            if let element = c.handler.element {
                arguments.append(SwiftArgument(label: "element", value: .identifier(Naming.local(element.name))))
            }
            arguments.append(SwiftArgument(label: "row", value: .identifier("row")))
            statement = .expression(.call(.member(.identifier("rows"), "change"), [
                SwiftArgument(label: "at", value: key),
                SwiftArgument(value: .closure(parameters: ["key", "row"], body: [.returnStmt(.call(.identifier(c.functionName), arguments))])),
            ]))
        }
        if let filter = c.handler.filter {
            statement = .ifElse(condition: translateExpression(filter, in: scope, expected: .bool), then: [statement], else: nil)
        }
        if let element = c.handler.element, let elements = c.handler.elements {
            statement = .forIn(name: Naming.local(element.name), sequence: translateExpression(elements, in: scope), body: [statement])
        }
        return [statement]
    }

    /// `static func onOrderPlaced(_ event: Order.OrderPlaced, recorded: RecordedEvent, key: Key, row: Row?) ->
    /// RowChange<Row>`: the handler's body over one row (a new row at `key` when there is none yet), `nil` for a
    /// handler that only deletes.
    func projectionHandlerFunction(_ c: ProjectionCase, of projection: ProjectionDecl) -> SwiftDecl? {
        guard !deletesOnly(c) else { return nil }
        let scope = handlerScope(c, of: projection)
        let fresh = SwiftExpr.call(.type(.named("Row")), [SwiftArgument(label: projection.key?.name.name ?? "id", value: .identifier("key"))])
        let start = SwiftExpr.binary(.coalesce, .identifier("row"), fresh)
        var body: [SwiftStmt] = [
            BlockFacts.assigns(c.handler.body) ? .variable(name: "row", type: nil, value: start) : .constant(name: "row", type: nil, value: start),
        ]
        body += translateBlock(c.handler.body, in: scope)
        body.append(.returnStmt(.call(.implicitMember("upsert"), [SwiftArgument(value: .identifier("row"))])))
        var parameters = [
            SwiftParameter(label: "_", name: "event", type: messageType(namespace: c.aggregate.name.name, name: c.event.name.name, isEvent: true)),
            SwiftParameter(name: "recorded", type: .named("RecordedEvent")),
            SwiftParameter(name: "key", type: .named("Key")),
        ]
        if let element = c.handler.element {
            parameters.append(SwiftParameter(label: "element", name: Naming.local(element.name), type: swiftType(elementType(c) ?? .error)))
        }
        parameters.append(SwiftParameter(name: "row", type: .optional(.named("Row"))))
        var clauses = ""
        if let element = c.handler.element, let elements = c.handler.elements { clauses += " for \(element.name) in \(ExpressionText.text(elements))" }
        if let key = c.handler.key { clauses += " key \(ExpressionText.text(key))" }
        if let filter = c.handler.filter { clauses += " where \(ExpressionText.text(filter))" }
        return .function(SwiftFunction(
            header: memberHeader(doc: [
                "`on \(c.aggregate.name.name).\(c.event.name.name)\(clauses)`: the change to the row at `key` (`row` is `nil` when there is none yet).",
            ], isStatic: true),
            name: c.functionName, parameters: parameters, result: .generic(.named("RowChange"), [.named("Row")]), body: body
        ))
    }
}
