import EVDLSema
import EVDLSyntax

/// One `on Aggregate.Event` handler of a projection, with what the generator needs to write it.
struct ProjectionCase {
    /// The handler as written.
    var handler: ProjectionHandler
    /// The aggregate whose event it handles.
    var aggregate: AggregateDecl
    /// The event handled.
    var event: EventDecl
    /// The case name in the projection's `Event` enum.
    var caseName: String
}

extension Translator {
    /// `projection OrderSummary { … }` → `enum OrderSummary: Projection`: a `Row` struct (the key and the row
    /// fields), an `Event` enum over the handled events, `decode`, `key(for:)`, `handle(_:row:)` (including
    /// `delete`) and one function per query.
    func translateProjection(_ projection: ProjectionDecl) -> SwiftDecl {
        let name = projection.name.name
        let cases = projectionCases(projection)
        let keyType = projection.key.map { swiftType($0.type) } ?? .named("UUID")
        var rowFields: [GeneratedField] = []
        if let key = projection.key {
            rowFields.append(GeneratedField(name: key.name.name, semType: index.semType(key.type), doc: ["The row's key."], defaultValue: nil))
        }
        rowFields += generatedFields(projection.row?.fields ?? [])
        var members: [SwiftDecl] = [
            .typeAlias(SwiftTypeAlias(header: memberHeader(doc: ["The row key (`\(projection.key?.name.name ?? "key")`)."]), name: "Key", type: keyType)),
            .property(SwiftProperty(
                header: memberHeader(doc: ["The projection's stable name: its checkpoint id and table name."], isStatic: true),
                name: "name", type: .named("String"), kind: .constant(.string([.text(name)]))
            )),
            .structure(valueStruct(
                name: "Row", doc: ["A row of `\(name)`."], fields: rowFields,
                conformances: [.named("Sendable"), .named("Codable"), .named("Hashable")], extraMembers: []
            )),
            .enumeration(SwiftTypeDecl(
                header: typeHeader(doc: ["The events `\(name)` handles."]), name: "Event",
                conformances: [.named("Sendable"), .named("Hashable")],
                members: cases.map { c in
                    .enumCase(SwiftEnumCase(
                        doc: ["`\(c.aggregate.name.name).\(c.event.name.name)`."], name: c.caseName,
                        associatedValues: [messageType(namespace: c.aggregate.name.name, name: c.event.name.name, isEvent: true)]
                    ))
                }
            )),
            .property(SwiftProperty(
                header: memberHeader(doc: ["The stable type names of the handled events."], isStatic: true),
                name: "handledEventTypes", type: .generic(.named("Set"), [.named("String")]),
                kind: .constant(.array(cases.map { .string([.text("\($0.aggregate.name.name).\($0.event.name.name)")]) }))
            )),
            projectionDecode(cases),
            projectionKey(projection, cases: cases, keyType: keyType),
            projectionHandle(projection, cases: cases),
        ]
        members += projection.queries.map { translateQuery($0, of: projection) }
        return .enumeration(SwiftTypeDecl(
            header: typeHeader(doc: docLines(projection.doc)), name: name, conformances: [.named("Projection")], members: members
        ))
    }

    /// The handlers whose event resolves, with unique case names (`orderPlaced`, or `orderOrderPlaced` when two
    /// aggregates' events share a name).
    func projectionCases(_ projection: ProjectionDecl) -> [ProjectionCase] {
        var resolved: [(ProjectionHandler, AggregateDecl, EventDecl)] = []
        for handler in projection.handlers {
            guard let aggregateName = handler.event.qualifier?.name, let aggregate = index.aggregates[aggregateName],
                  let event = index.event(handler.event.last.name, of: aggregateName) else { continue }
            resolved.append((handler, aggregate, event))
        }
        var counts: [String: Int] = [:]
        for (_, _, event) in resolved { counts[event.name.name, default: 0] += 1 }
        let names = resolved.map { _, aggregate, event in
            counts[event.name.name, default: 0] > 1 ? Naming.lowerCamel(aggregate.name.name + event.name.name) : Naming.lowerCamel(event.name.name)
        }
        return zip(resolved, Naming.unique(names)).map { entry, caseName in
            ProjectionCase(handler: entry.0, aggregate: entry.1, event: entry.2, caseName: caseName)
        }
    }

    private func projectionDecode(_ cases: [ProjectionCase]) -> SwiftDecl {
        var switchCases = cases.map { c in
            SwiftSwitchCase(
                pattern: .value(.string([.text("\(c.aggregate.name.name).\(c.event.name.name)")])),
                body: [.returnStmt(.call(.implicitMember(c.caseName), [SwiftArgument(value: .tryExpr(
                    .call(.member(.identifier("codec"), "decodeEvent"), [
                        SwiftArgument(value: .metatypeValue(messageType(namespace: c.aggregate.name.name, name: c.event.name.name, isEvent: true))),
                        SwiftArgument(label: "from", value: .member(.identifier("event"), "payload")),
                        SwiftArgument(label: "schemaVersion", value: .member(.identifier("event"), "schemaVersion")),
                    ])
                ))]))]
            )
        }
        switchCases.append(SwiftSwitchCase(pattern: .defaultCase, body: [.returnStmt(.nilLiteral)]))
        return .function(SwiftFunction(
            header: memberHeader(doc: ["Decodes `event` when this projection handles its type, `nil` otherwise."], isStatic: true),
            name: "decode",
            parameters: [
                SwiftParameter(label: "_", name: "event", type: .named("RecordedEvent")),
                SwiftParameter(name: "codec", type: .named("PayloadCodec")),
            ],
            throwing: .untyped, result: .optional(.named("Event")),
            body: [.switchStmt(subject: .member(.identifier("event"), "typeName"), cases: switchCases)]
        ))
    }

    /// The key expression of a handler: `key expr`, or the event's field named like the projection's key.
    private func keyExpression(_ c: ProjectionCase, of projection: ProjectionDecl) -> SwiftExpr {
        let scope = ExpressionScope(context: .projection(projection: projection, aggregate: c.aggregate.name.name, event: c.event))
        let keyType = projection.key.map { index.semType($0.type) }
        if let key = c.handler.key { return translateExpression(key, in: scope, expected: keyType) }
        return .member(.identifier("event"), projection.key?.name.name ?? "id")
    }

    private func projectionKey(_ projection: ProjectionDecl, cases: [ProjectionCase], keyType: SwiftType) -> SwiftDecl {
        .function(SwiftFunction(
            header: memberHeader(doc: ["The key of the row `event` changes."], isStatic: true),
            name: "key", parameters: [SwiftParameter(label: "for", name: "event", type: .named("Event"))], result: .named("Key"),
            body: [.switchStmt(subject: .identifier("event"), cases: cases.map { c in
                SwiftSwitchCase(pattern: .enumCaseBinding(c.caseName, binding: "event"), body: [.returnStmt(keyExpression(c, of: projection))])
            })]
        ))
    }

    private func projectionHandle(_ projection: ProjectionDecl, cases: [ProjectionCase]) -> SwiftDecl {
        let switchCases = cases.map { c -> SwiftSwitchCase in
            let statements = c.handler.body.statements
            if let last = statements.last, case .delete = last.kind, statements.count == 1 {
                return SwiftSwitchCase(pattern: .enumCase(c.caseName), body: [.returnStmt(.implicitMember("delete"))])
            }
            let scope = ExpressionScope(context: .projection(projection: projection, aggregate: c.aggregate.name.name, event: c.event))
            let fresh = SwiftExpr.call(.type(.named("Row")), [SwiftArgument(label: projection.key?.name.name ?? "id", value: keyExpression(c, of: projection))])
            let start = SwiftExpr.binary(.coalesce, .identifier("row"), fresh)
            var body: [SwiftStmt] = [
                BlockFacts.assigns(c.handler.body)
                    ? .variable(name: "row", type: nil, value: start) : .constant(name: "row", type: nil, value: start),
            ]
            body += translateBlock(c.handler.body, in: scope)
            body.append(.returnStmt(.call(.implicitMember("upsert"), [SwiftArgument(value: .identifier("row"))])))
            return SwiftSwitchCase(pattern: .enumCaseBinding(c.caseName, binding: "event"), body: body)
        }
        return .function(SwiftFunction(
            header: memberHeader(doc: ["The change `event` makes to the row at its key (`nil`: no row yet)."], isStatic: true),
            name: "handle",
            parameters: [
                SwiftParameter(label: "_", name: "event", type: .named("Event")),
                SwiftParameter(name: "row", type: .optional(.named("Row"))),
            ],
            result: .generic(.named("RowChange"), [.named("Row")]),
            body: [.switchStmt(subject: .identifier("event"), cases: switchCases)]
        ))
    }
}
