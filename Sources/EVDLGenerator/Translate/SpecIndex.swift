import EVDLSema
import EVDLSyntax

/// The declarations of all spec files of one module, by name, for the translators: the generator's own view of
/// the symbols it needs (field lists in declaration order, field types, enum cases).
struct SpecIndex {
    /// Declared `type`s by name.
    var types: [String: TypeDecl] = [:]
    /// Declared `enum`s by name.
    var enums: [String: EnumDecl] = [:]
    /// Aggregates by name.
    var aggregates: [String: AggregateDecl] = [:]
    /// Services by name.
    var services: [String: ServiceDecl] = [:]
    /// Projections by name.
    var projections: [String: ProjectionDecl] = [:]
    /// Every enum case name, with the enums (in declaration order) that declare it.
    var enumsByCase: [String: [String]] = [:]
    /// The messages of each aggregate in `aggregates`, by aggregate name: looked up for every `decide`, `emit` and
    /// event, so they are indexed once (scanning the members each time made large aggregates quadratic).
    var aggregateMessages: [String: AggregateMessages] = [:]

    /// Declared `type`s and `enum`s whose names a generated namespace also declares inside itself (`State`,
    /// `Event`, `Row`, a message type, …): inside that namespace the name would mean the nested type, so they are
    /// referred to through a top-level alias (see `Naming.topLevelAlias`).
    var shadowed: Set<String> = []

    init(files: [SpecFile]) {
        for file in files {
            for declaration in file.declarations {
                switch declaration {
                case .type(let d): types[d.name.name] = types[d.name.name] ?? d
                case .enumeration(let d):
                    if enums[d.name.name] == nil {
                        enums[d.name.name] = d
                        for c in d.cases { enumsByCase[c.name.name, default: []].append(d.name.name) }
                    }
                case .aggregate(let d): aggregates[d.name.name] = aggregates[d.name.name] ?? d
                case .service(let d): services[d.name.name] = services[d.name.name] ?? d
                case .projection(let d): projections[d.name.name] = projections[d.name.name] ?? d
                case .saga, .policy, .publish, .scenario: break
                }
            }
        }
        for (name, aggregate) in aggregates { aggregateMessages[name] = AggregateMessages(aggregate) }
        computeShadowed()
    }

    /// The indexed messages of `aggregate`, when it is the one `aggregates` holds under its name.
    func messages(of aggregate: AggregateDecl) -> AggregateMessages? {
        guard aggregates[aggregate.name.name]?.span == aggregate.span else { return nil }
        return aggregateMessages[aggregate.name.name]
    }

    private mutating func computeShadowed() {
        var nested = Naming.generatedNestedTypes
        for aggregate in aggregates.values {
            for command in aggregate.commands { nested.insert(Naming.messageTypeName(command.name.name, kindSuffix: "Command")) }
            for event in aggregate.events { nested.insert(Naming.messageTypeName(event.name.name, kindSuffix: "Event")) }
        }
        shadowed = Set(types.keys).union(enums.keys).intersection(nested)
    }

    /// The checked type of a written type.
    func semType(_ t: TypeExpr) -> SemType {
        switch t.kind {
        case .named(let name):
            switch name.name {
            case "Int": return .int
            case "Double": return .double
            case "Decimal": return .decimal
            case "String": return .string
            case "Bool": return .bool
            case "UUID": return .uuid
            case "Date": return .date
            case "Duration": return .duration
            case let other:
                if enums[other] != nil { return .enumeration(other) }
                if types[other] != nil { return .record(other) }
                if projections[other] != nil { return .record(other) }
                return .error
            }
        case .array(let element): return .array(semType(element))
        case .dictionary(let key, let value): return .dictionary(semType(key), semType(value))
        case .optional(let wrapped): return .optional(semType(wrapped))
        case .error: return .error
        }
    }

    /// The fields of a value of type `t` (a record, a message, or a projection row), in declaration order.
    func fields(of t: SemType) -> [FieldDecl] {
        switch t {
        case .record(let name):
            if let d = types[name] { return d.fields }
            return []
        case .message(let qualified):
            let parts = qualified.split(separator: ".").map(String.init)
            guard parts.count == 2 else { return [] }
            if let messages = aggregateMessages[parts[0]] {
                if let e = messages.events[parts[1]] { return e.fields }
                if let c = messages.commands[parts[1]] { return c.fields }
            }
            if let service = services[parts[0]], let c = service.commands.first(where: { $0.name.name == parts[1] }) {
                return c.fields
            }
            return []
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .optional, .enumeration,
             .nilLiteral, .emptyCollection, .error, .result:
            return []
        }
    }

    /// The event `name` of `aggregate`.
    func event(_ name: String, of aggregate: String) -> EventDecl? {
        aggregateMessages[aggregate]?.events[name]
    }

    /// The event `name` of the aggregate declaration (the first of that name).
    func event(_ name: String, in aggregate: AggregateDecl) -> EventDecl? {
        if let messages = messages(of: aggregate) { return messages.events[name] }
        return aggregate.events.first { $0.name.name == name }
    }

    /// The command `name` of the aggregate declaration (the first of that name).
    func command(_ name: String, in aggregate: AggregateDecl) -> CommandDecl? {
        if let messages = messages(of: aggregate) { return messages.commands[name] }
        return aggregate.commands.first { $0.name.name == name }
    }
}

/// One aggregate's commands and events by name (the first of each name), and the `Event` case name of each event.
struct AggregateMessages {
    /// Commands by name.
    var commands: [String: CommandDecl] = [:]
    /// Events by name.
    var events: [String: EventDecl] = [:]
    /// The `Order.Event` case name of each event, by spec name (`OrderPlaced` → `orderPlaced`, unique).
    var eventCaseNames: [String: String]

    init(_ aggregate: AggregateDecl) {
        let events = aggregate.events
        for command in aggregate.commands where commands[command.name.name] == nil { commands[command.name.name] = command }
        for event in events where self.events[event.name.name] == nil { self.events[event.name.name] = event }
        let names = events.map(\.name.name)
        eventCaseNames = Dictionary(zip(names, Naming.unique(names.map(Naming.lowerCamel))), uniquingKeysWith: { first, _ in first })
    }
}
