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
    /// The case name in the projection's `Event` enum (shared by the handlers of one event).
    var caseName: String
    /// The name of the function that computes the handler's change to one row (`onOrderPlaced`).
    var functionName: String
}

extension Translator {
    /// `projection OrderSummary { … }` → `enum OrderSummary: Projection`: a `Row` struct (the key and the row
    /// fields), an `Event` enum over the handled events, `decode`, `update(_:recorded:rows:)` (which runs the
    /// handlers of an event in written order, once per element for `for x in collection`, when `where` holds), one
    /// function per handler computing its change to one row (including `delete`), and one function per query.
    func translateProjection(_ projection: ProjectionDecl) -> SwiftDecl {
        let name = projection.name.name
        let cases = projectionCases(projection)
        let events = distinctEvents(cases)
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
                members: events.map { c in
                    .enumCase(SwiftEnumCase(
                        doc: ["`\(c.aggregate.name.name).\(c.event.name.name)`."], name: c.caseName,
                        associatedValues: [messageType(namespace: c.aggregate.name.name, name: c.event.name.name, isEvent: true)]
                    ))
                }
            )),
            .property(SwiftProperty(
                header: memberHeader(doc: ["The stable type names of the handled events."], isStatic: true),
                name: "handledEventTypes", type: .generic(.named("Set"), [.named("String")]),
                kind: .constant(.array(events.map { .string([.text("\($0.aggregate.name.name).\($0.event.name.name)")]) }))
            )),
            projectionDecode(events),
            projectionUpdate(projection, cases: cases, events: events),
        ]
        members += cases.compactMap { projectionHandlerFunction($0, of: projection) }
        members += projection.queries.map { translateQuery($0, of: projection) }
        return .enumeration(SwiftTypeDecl(
            header: typeHeader(doc: docLines(projection.doc)), name: name, conformances: [.named("Projection")], members: members
        ))
    }

    /// The handlers whose event resolves, in written order, with one case name per event (`orderPlaced`, or
    /// `orderOrderPlaced` when two aggregates' events share a name) and a unique function name per handler.
    func projectionCases(_ projection: ProjectionDecl) -> [ProjectionCase] {
        var resolved: [(ProjectionHandler, AggregateDecl, EventDecl)] = []
        for handler in projection.handlers {
            guard let aggregateName = handler.event.qualifier?.name, let aggregate = index.aggregates[aggregateName],
                  let event = index.event(handler.event.last.name, of: aggregateName) else { continue }
            resolved.append((handler, aggregate, event))
        }
        // Case names: one per distinct event, in first-seen order.
        var seen: [String] = []
        var eventNames: [String: (aggregate: String, event: String)] = [:]
        for (_, aggregate, event) in resolved {
            let qualified = "\(aggregate.name.name).\(event.name.name)"
            if eventNames[qualified] == nil {
                seen.append(qualified)
                eventNames[qualified] = (aggregate.name.name, event.name.name)
            }
        }
        var counts: [String: Int] = [:]
        for qualified in seen { counts[eventNames[qualified]!.event, default: 0] += 1 }
        let names = seen.map { qualified -> String in
            let (aggregate, event) = eventNames[qualified]!
            return counts[event, default: 0] > 1 ? Naming.lowerCamel(aggregate + event) : Naming.lowerCamel(event)
        }
        var caseNames: [String: String] = [:]
        for (qualified, caseName) in zip(seen, Naming.unique(names)) { caseNames[qualified] = caseName }
        // Function names: `on` + the case name (`onOrderPlaced`, then `onOrderPlaced2` for a second handler of the
        // event), unique among handlers, queries and the generated members.
        let taken = Set(projection.queries.map(\.name.name)).union(["name", "decode", "update", "handledEventTypes"])
        var handlersSeen: [String: Int] = [:]
        let functionNames = Naming.unique(resolved.map { _, aggregate, event in
            let base = "on" + Naming.upperCamel(caseNames["\(aggregate.name.name).\(event.name.name)"] ?? event.name.name)
            handlersSeen[base, default: 0] += 1
            return handlersSeen[base] == 1 ? base : base + String(handlersSeen[base] ?? 1)
        }, avoiding: taken)
        return zip(resolved, functionNames).map { entry, functionName in
            ProjectionCase(handler: entry.0, aggregate: entry.1, event: entry.2,
                           caseName: caseNames["\(entry.1.name.name).\(entry.2.name.name)"] ?? entry.2.name.name,
                           functionName: functionName)
        }
    }

    /// The first handler of each distinct event, in first-seen order: the cases of `Event`.
    private func distinctEvents(_ cases: [ProjectionCase]) -> [ProjectionCase] {
        var seen: Set<String> = []
        return cases.filter { seen.insert($0.caseName).inserted }
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
}
