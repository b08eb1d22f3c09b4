import EVDLSyntax

extension Translator {
    /// The fields of a command or event of `aggregate`: the aggregate id first, then the declared fields.
    func messageFields(_ fields: [FieldDecl], of aggregate: AggregateDecl) -> [GeneratedField] {
        var result: [GeneratedField] = []
        if let id = aggregate.id {
            result.append(GeneratedField(name: id.name.name, semType: index.semType(id.type),
                                         doc: ["The `\(aggregate.name.name)` this message belongs to."], defaultValue: nil))
        }
        return result + generatedFields(fields)
    }

    /// `command PlaceOrder { … }` → `struct PlaceOrder: Sendable, Codable, Hashable` with its stable type name.
    func translateCommand(_ command: CommandDecl, of aggregate: AggregateDecl) -> SwiftDecl {
        let typeName = "\(aggregate.name.name).\(command.name.name)"
        let constants: [SwiftDecl] = [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The command's stable name."], isStatic: true),
                name: "typeName", type: .named("String"), kind: .constant(.string([.text(typeName)]))
            )),
        ]
        return .structure(valueStruct(
            name: Naming.messageTypeName(command.name.name, kindSuffix: "Command"), doc: docLines(command.doc),
            fields: messageFields(command.fields, of: aggregate),
            conformances: [.named("Sendable"), .named("Codable"), .named("Hashable")], extraMembers: constants
        ))
    }

    /// `event OrderPlaced v2 { … }` → `struct OrderPlaced: DomainEvent, Hashable` with its stable type name and
    /// schema version.
    func translateEvent(_ event: EventDecl, of aggregate: AggregateDecl) -> SwiftDecl {
        let typeName = "\(aggregate.name.name).\(event.name.name)"
        let constants: [SwiftDecl] = [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The stable name stored with every event of this type."], isStatic: true),
                name: "typeName", type: .named("String"), kind: .constant(.string([.text(typeName)]))
            )),
            .property(SwiftProperty(
                header: memberHeader(doc: ["The schema version this code writes."], isStatic: true),
                name: "schemaVersion", type: .named("Int"), kind: .constant(.integer(String(event.version)))
            )),
        ]
        var type = valueStruct(
            name: Naming.messageTypeName(event.name.name, kindSuffix: "Event"), doc: docLines(event.doc),
            fields: messageFields(event.fields, of: aggregate),
            conformances: [.named("DomainEvent"), .named("Hashable"), .named("JSONPayloadDecodable")], extraMembers: constants
        )
        type.members += eventDecodingMembers(event, of: aggregate)
        type.members.append(jsonObjectInitializer(messageFields(event.fields, of: aggregate), declared: event.fields))
        return .structure(type)
    }

    /// `Order.Event`: one case per event, with the runtime's decoding by stable type name.
    func eventSet(of aggregate: AggregateDecl) -> SwiftDecl {
        let caseNames = eventCaseNames(aggregate)
        let events = aggregate.events
        var members: [SwiftDecl] = events.map { event in
            .enumCase(SwiftEnumCase(
                doc: ["`\(event.name.name)`."], name: caseNames[event.name.name] ?? event.name.name,
                associatedValues: [relativeTo(messageType(namespace: aggregate.name.name, name: event.name.name, isEvent: true))]
            ))
        }
        members.append(.property(SwiftProperty(
            header: memberHeader(doc: ["The event value inside the case."]), name: "payload", type: .named("any DomainEvent"),
            kind: .computed([.switchStmt(subject: .verbatim("self"), cases: events.map { event in
                SwiftSwitchCase(pattern: .enumCaseBinding(caseNames[event.name.name] ?? event.name.name, binding: "event"),
                                body: [.returnStmt(.identifier("event"))])
            })])
        )))
        members.append(.property(SwiftProperty(
            header: memberHeader(doc: ["Every stable type name this set decodes."], isStatic: true),
            name: "typeNames", type: .array(.named("String")),
            kind: .constant(.array(events.map { .string([.text("\(aggregate.name.name).\($0.name.name)")]) }))
        )))
        var decodeCases = events.map { event in
            let type = relativeTo(messageType(namespace: aggregate.name.name, name: event.name.name, isEvent: true))
            return SwiftSwitchCase(
                pattern: .value(.string([.text("\(aggregate.name.name).\(event.name.name)")])),
                body: [.returnStmt(.call(.implicitMember(caseNames[event.name.name] ?? event.name.name), [SwiftArgument(value: .tryExpr(
                    .call(.member(.identifier("codec"), "decodeEvent"), [
                        SwiftArgument(value: .metatypeValue(type)),
                        SwiftArgument(label: "from", value: .identifier("payload")),
                        SwiftArgument(label: "schemaVersion", value: .identifier("schemaVersion")),
                    ])
                ))]))]
            )
        }
        decodeCases.append(SwiftSwitchCase(pattern: .defaultCase, body: [.throwStmt(.call(
            .member(.verbatim("EventDecodingError"), "unknownEventType"), [
                SwiftArgument(value: .identifier("typeName")),
                SwiftArgument(label: "aggregate", value: .string([.text(aggregate.name.name)])),
                SwiftArgument(label: "known", value: .identifier("typeNames")),
            ]
        ))]))
        members.append(.function(SwiftFunction(
            header: memberHeader(doc: ["Decodes a stored payload by its stable type name; an unknown name is an `EventDecodingError`."], isStatic: true),
            name: "decode",
            parameters: [
                SwiftParameter(name: "typeName", type: .named("String")),
                SwiftParameter(name: "schemaVersion", type: .named("Int")),
                SwiftParameter(name: "payload", type: .named("Data")),
                SwiftParameter(name: "codec", type: .named("PayloadCodec")),
            ],
            throwing: .untyped, result: .named("Event"),
            body: [.switchStmt(subject: .identifier("typeName"), cases: decodeCases)]
        )))
        return .enumeration(SwiftTypeDecl(
            header: typeHeader(doc: ["Every event of `\(aggregate.name.name)`."]), name: "Event",
            conformances: [.named("EventSet"), .named("Hashable")], members: members
        ))
    }

    /// `Order.Command`: one case per command, with the aggregate id and stable name of each.
    func commandSet(of aggregate: AggregateDecl) -> SwiftDecl {
        let caseNames = commandCaseNames(aggregate)
        let commands = aggregate.commands
        let idType = aggregate.id.map { swiftType($0.type) } ?? .named("UUID")
        let idName = aggregate.id?.name.name ?? "id"
        var members: [SwiftDecl] = commands.map { command in
            .enumCase(SwiftEnumCase(
                doc: ["`\(command.name.name)`."], name: caseNames[command.name.name] ?? command.name.name,
                associatedValues: [relativeTo(messageType(namespace: aggregate.name.name, name: command.name.name, isEvent: false))]
            ))
        }
        members.append(.typeAlias(SwiftTypeAlias(
            header: memberHeader(doc: ["The type of the id every command carries."]), name: "AggregateID", type: idType
        )))
        members.append(.property(SwiftProperty(
            header: memberHeader(doc: ["The `\(aggregate.name.name)` the command is addressed to."]), name: "aggregateID", type: idType,
            kind: .computed([.switchStmt(subject: .verbatim("self"), cases: commands.map { command in
                SwiftSwitchCase(pattern: .enumCaseBinding(caseNames[command.name.name] ?? command.name.name, binding: "command"),
                                body: [.returnStmt(.member(.identifier("command"), idName))])
            })])
        )))
        members.append(.property(SwiftProperty(
            header: memberHeader(doc: ["The command's stable name."]), name: "typeName", type: .named("String"),
            kind: .computed([.switchStmt(subject: .verbatim("self"), cases: commands.map { command in
                SwiftSwitchCase(pattern: .enumCase(caseNames[command.name.name] ?? command.name.name),
                                body: [.returnStmt(.string([.text("\(aggregate.name.name).\(command.name.name)")]))])
            })])
        )))
        members.append(commandExistence(of: aggregate, caseNames: caseNames))
        return .enumeration(SwiftTypeDecl(
            header: typeHeader(doc: ["Every command of `\(aggregate.name.name)`."]), name: "Command",
            conformances: [.named("CommandSet"), .named("Hashable")], members: members
        ))
    }
}

extension Translator {
    /// `existence`: what each command requires of the aggregate before `decide` runs (`creates`, `creates if
    /// missing`, or nothing: it must exist), grouped by rule: `case .placeOrder: return .creates`.
    func commandExistence(of aggregate: AggregateDecl, caseNames: [String: String]) -> SwiftDecl {
        let groups = CommandExistence.allCases.compactMap { rule -> (CommandExistence, [String])? in
            let names = aggregate.commands.filter { $0.existence == rule }.map { caseNames[$0.name.name] ?? $0.name.name }
            return names.isEmpty ? nil : (rule, names)
        }
        func value(_ rule: CommandExistence) -> SwiftExpr {
            switch rule {
            case .existing: .implicitMember("existing")
            case .creates: .implicitMember("creates")
            case .createsIfMissing: .implicitMember("createsIfMissing")
            }
        }
        let body: [SwiftStmt]
        if groups.count == 1, let only = groups.first {
            body = [.returnStmt(value(only.0))]
        } else {
            body = [.switchStmt(subject: .verbatim("self"), cases: groups.map { rule, names in
                SwiftSwitchCase(pattern: names.count == 1 ? .enumCase(names[0]) : .alternatives(names.map { .implicitMember($0) }),
                                body: [.returnStmt(value(rule))])
            })]
        }
        return .property(SwiftProperty(
            header: memberHeader(doc: ["What the command requires of its `\(aggregate.name.name)` before `decide` runs."]),
            name: "existence", type: .named("CommandExistence"), kind: .computed(body)
        ))
    }
}
