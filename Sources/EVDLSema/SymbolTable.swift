import EVDLSyntax

/// A declared field with its resolved type: of a type, state, row, command, event, result, input or query.
///
/// It keeps what the checker reads (name, type, whether it may be left out, where it was written); the written
/// field itself (its default value, its earlier name) stays in the declaration the symbol belongs to, so that a
/// symbol does not copy its declaration.
public struct FieldSymbol: Hashable, Sendable {
    /// The field's name.
    public var name: String
    /// The resolved type (`.error` when the written type was wrong; an error was reported).
    public var type: SemType
    /// Whether a value may be left out: the field has a default, or an optional type (which defaults to `nil`).
    public var hasDefault: Bool
    /// Where the field's name was written (for the aggregate id: where `id name` was written).
    public var nameSpan: Span

    /// Creates a field symbol.
    public init(name: String, type: SemType, hasDefault: Bool, nameSpan: Span) {
        self.name = name
        self.type = type
        self.hasDefault = hasDefault
        self.nameSpan = nameSpan
    }
}

/// Fields in declaration order with a lookup by name (the first of duplicate names wins).
/// Short lists are searched linearly; a hash index is built once a list grows past eight fields.
public struct FieldList: Hashable, Sendable {
    /// The fields in written order (duplicates left out).
    public private(set) var fields: [FieldSymbol] = []
    private var index: [String: Int]?

    /// Creates an empty list.
    public init() {}

    /// Creates an empty list with room for `capacity` fields.
    public init(capacity: Int) {
        fields.reserveCapacity(capacity)
    }

    /// The names in order (built on each call: for messages and suggestions).
    public var names: [String] { fields.map(\.name) }

    private func position(of name: String) -> Int? {
        if let index { return index[name] }
        for i in fields.indices where fields[i].name == name { return i }
        return nil
    }

    /// Appends a field; returns the earlier field of the same name instead when there is one.
    @discardableResult
    public mutating func append(_ field: FieldSymbol) -> FieldSymbol? {
        if let i = position(of: field.name) { return fields[i] }
        fields.append(field)
        if index != nil {
            index![field.name] = fields.count - 1
        } else if fields.count > 8 {
            var built: [String: Int] = [:]
            for (i, f) in fields.enumerated() { built[f.name] = i }
            index = built
        }
        return nil
    }

    /// The field with a name.
    public subscript(name: String) -> FieldSymbol? {
        guard let i = position(of: name) else { return nil }
        return fields[i]
    }

    /// The type of the field with a name (reads only the type, without copying the whole symbol).
    public func type(of name: String) -> SemType? {
        guard let i = position(of: name) else { return nil }
        return fields[i].type
    }

    /// Whether a field has this name.
    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }
}

/// A declared `type` (a struct).
public struct RecordSymbol: Hashable, Sendable {
    /// The type's name.
    public var name: String
    /// Its fields.
    public var fields: FieldList
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// A declared `enum`.
public struct EnumSymbol: Hashable, Sendable {
    /// The enum's name.
    public var name: String
    /// The case names in order (duplicates left out).
    public var cases: [String]
    /// The case names, for lookups.
    public var caseSet: Set<String>
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// Who declares a command: an aggregate or a service.
public enum MessageOwner: Hashable, Sendable {
    /// An aggregate.
    case aggregate(String)
    /// A service.
    case service(String)

    /// The owner's name.
    public var name: String {
        switch self {
        case .aggregate(let n), .service(let n): n
        }
    }
}

/// A command of an aggregate or a service, with resolved field types.
public struct CommandSymbol: Hashable, Sendable {
    /// The declaring aggregate or service.
    public var owner: MessageOwner
    /// The command's name.
    public var name: String
    /// The aggregate's id, implicitly a field of the command (aggregate commands only).
    public var identity: FieldSymbol?
    /// The declared fields (without the id).
    public var fields: FieldList
    /// The result fields (`-> { … }`), services only.
    public var result: FieldList?
    /// The events listed by `emits` (the command is decided in Swift when it has no `decide`).
    public var emits: [String]
    /// Whether the aggregate has a `decide` block for the command.
    public var hasDecide: Bool
    /// What the command requires of its aggregate before `decide` runs (`creates`, `creates if missing`, or
    /// `.existing` when nothing is written); always `.existing` for service commands. (Declared next to
    /// `hasDecide`, so that it sits in that field's padding and the symbol stays as small as before.)
    public var existence: CommandExistence = .existing
    /// Every event the command can emit: the `emits` list and the events of `emit` statements in its `decide`, in first-seen order.
    public var emittedEvents: [String]
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
    /// The names written in `emits`, valid or not, with their places (shared with the tree).
    public var declaredEmits: [Identifier]

    /// `Owner.Name`.
    public var qualifiedName: String { "\(owner.name).\(name)" }
    /// Whether the command is decided by Swift code the user writes (an aggregate command with `emits` and no `decide`).
    public var isDecidedInSwift: Bool {
        if case .aggregate = owner { return !hasDecide && !emits.isEmpty }
        return false
    }
    /// The field with a name, the id included.
    public func field(_ name: String) -> FieldSymbol? {
        if let identity, identity.name == name { return identity }
        return fields[name]
    }
}

/// An event of an aggregate, with resolved field types.
public struct EventSymbol: Hashable, Sendable {
    /// The declaring aggregate.
    public var aggregate: String
    /// The event's name.
    public var name: String
    /// The schema version.
    public var version: Int
    /// The aggregate's id, implicitly a field of the event.
    public var identity: FieldSymbol?
    /// The declared fields (without the id).
    public var fields: FieldList
    /// Whether the aggregate has an `apply` block for the event.
    public var hasApply: Bool
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span

    /// `Aggregate.Name`.
    public var qualifiedName: String { "\(aggregate).\(name)" }
    /// The field with a name, the id included.
    public func field(_ name: String) -> FieldSymbol? {
        if let identity, identity.name == name { return identity }
        return fields[name]
    }
}

/// An aggregate with its resolved state, commands and events.
public struct AggregateSymbol: Hashable, Sendable {
    /// The aggregate's name.
    public var name: String
    /// The id field (`id orderId: UUID`).
    public var identity: FieldSymbol?
    /// `snapshot every N`.
    public var snapshotEvery: Int?
    /// The state fields.
    public var state: FieldList
    /// The commands by name.
    public var commands: [String: CommandSymbol]
    /// The command names in written order.
    public var commandOrder: [String]
    /// The events by name.
    public var events: [String: EventSymbol]
    /// The event names in written order.
    public var eventOrder: [String]
    /// Where the first `decide` block of each command was written.
    public var decides: [String: Span]
    /// Where the first `apply` block of each event was written.
    public var applies: [String: Span]
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// A service with its resolved commands.
public struct ServiceSymbol: Hashable, Sendable {
    /// The service's name.
    public var name: String
    /// The commands by name.
    public var commands: [String: CommandSymbol]
    /// The command names in written order.
    public var commandOrder: [String]
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// Where a projection handler finds the row key.
public enum ProjectionKeySource: Hashable, Sendable {
    /// `key expr`: the expression (reading `event`).
    case expression(Expr)
    /// No `key` written: the event's field of this name (the projection key's name).
    case eventField(String)
}

/// One `on Aggregate.Event` of a projection.
public struct ProjectionHandlerSymbol: Hashable, Sendable {
    /// The event handled (`nil` when it did not resolve).
    public var event: MessageTarget?
    /// Where the row key comes from (`nil` when it could not be determined).
    public var key: ProjectionKeySource?
    /// Whether the body contains `delete`.
    public var deletes: Bool
    /// Where the declaration was written; it identifies the declaration in `SemanticModel.files` (symbols do not
    /// copy their declarations).
    public var declarationSpan: Span
}

/// Whether a query returns every matching row or at most one.
public enum QueryShape: Hashable, Sendable {
    /// `-> [Projection]`.
    case list
    /// `-> Projection?`.
    case single
}

/// A query of a projection.
public struct QuerySymbol: Hashable, Sendable {
    /// The query's name.
    public var name: String
    /// The parameters with resolved types.
    public var parameters: FieldList
    /// The result's shape (`nil` when the written result type was wrong).
    public var shape: QueryShape?
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// A projection with its resolved key, row, handlers and queries.
public struct ProjectionSymbol: Hashable, Sendable {
    /// The projection's name.
    public var name: String
    /// The key field.
    public var key: FieldSymbol?
    /// The row fields.
    public var row: FieldList
    /// The handlers in order.
    public var handlers: [ProjectionHandlerSymbol]
    /// The queries in order.
    public var queries: [QuerySymbol]
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// One step of a saga, resolved.
public struct SagaStepSymbol: Hashable, Sendable {
    /// The step's name.
    public var name: String
    /// The command invoked (`nil` when missing or unresolved).
    public var invoke: MessageTarget?
    /// The `as` binding's name.
    public var binding: String?
    /// The binding's type (`.result(command)`), when the binding is valid.
    public var bindingType: SemType?
    /// The compensating command (`nil` for `compensate nothing`, a pivot, or an unresolved name).
    public var compensation: MessageTarget?
    /// Whether the step says `compensate nothing`.
    public var compensatesNothing: Bool
    /// Whether the step is the pivot (no `compensate` clause).
    public var isPivot: Bool
    /// Where the declaration was written; it identifies the declaration in `SemanticModel.files` (symbols do not
    /// copy their declarations).
    public var declarationSpan: Span
}

/// A saga with its resolved input, trigger and steps.
public struct SagaSymbol: Hashable, Sendable {
    /// The saga's name.
    public var name: String
    /// The input fields.
    public var input: FieldList
    /// The event that starts the saga.
    public var trigger: MessageTarget?
    /// The steps in order.
    public var steps: [SagaStepSymbol]
    /// The commands of `on failure`, in order (`nil` entries did not resolve).
    public var failureActions: [MessageTarget?]
    /// Where the name was written; it identifies the declaration in `SemanticModel.files` (symbols do not copy
    /// their declarations).
    public var nameSpan: Span
}

/// A policy, resolved.
public struct PolicySymbol: Hashable, Sendable {
    /// The policy's name.
    public var name: String
    /// The triggering event.
    public var trigger: MessageTarget?
    /// The commands sent, in order (`nil` entries did not resolve).
    public var sends: [MessageTarget?]
    /// Where the declaration was written; it identifies the declaration in `SemanticModel.files` (symbols do not
    /// copy their declarations).
    public var declarationSpan: Span
}

/// A publish route, resolved.
public struct PublishSymbol: Hashable, Sendable {
    /// The event published.
    public var event: MessageTarget?
    /// The topic.
    public var topic: String
    /// Where the declaration was written; it identifies the declaration in `SemanticModel.files` (symbols do not
    /// copy their declarations).
    public var declarationSpan: Span
}

/// What a scenario exercises.
public enum ScenarioSubject: Hashable, Sendable {
    /// An aggregate (`given` events, `when` a command, `then` events / `rejected` / `nothing`).
    case aggregate(String)
    /// A projection (`given` events, `when` a query or nothing, `then` rows / `nothing`).
    case projection(String)
    /// A saga (`given` replies, `when` its start event or input, `then` commands and an outcome).
    case saga(String)
    /// A policy (`given` replies, `when` its event, `then` commands, some `after` a delay / `nothing`).
    case policy(String)

    /// The subject's name.
    public var name: String {
        switch self {
        case .aggregate(let n), .projection(let n), .saga(let n), .policy(let n): n
        }
    }
}

/// A scenario, resolved.
public struct ScenarioSymbol: Hashable, Sendable {
    /// The scenario's title.
    public var title: String
    /// The aggregate the scenario exercises (`nil` when it could not be determined, or the subject is not an aggregate).
    public var aggregate: String?
    /// What the scenario exercises (`nil` when it could not be determined).
    public var subject: ScenarioSubject? = nil
    /// The query of a projection scenario's `when` (`nil` without one, or when it did not resolve).
    public var query: String? = nil
    /// Where the declaration was written; it identifies the declaration in `SemanticModel.files` (symbols do not
    /// copy their declarations).
    public var declarationSpan: Span
}

/// Every declaration of a spec module with resolved types, for the generator.
public struct SymbolTable: Hashable, Sendable {
    /// Declared `type`s by name.
    public var records: [String: RecordSymbol] = [:]
    /// Declared `enum`s by name.
    public var enums: [String: EnumSymbol] = [:]
    /// Aggregates by name.
    public var aggregates: [String: AggregateSymbol] = [:]
    /// Services by name.
    public var services: [String: ServiceSymbol] = [:]
    /// Projections by name.
    public var projections: [String: ProjectionSymbol] = [:]
    /// Sagas by name.
    public var sagas: [String: SagaSymbol] = [:]
    /// Policies by name.
    public var policies: [String: PolicySymbol] = [:]
    /// Publish routes in written order.
    public var publishes: [PublishSymbol] = []
    /// Scenarios in written order.
    public var scenarios: [ScenarioSymbol] = []

    /// Creates an empty table.
    public init() {}

    /// The command a target names, if it names a command.
    public func command(_ target: MessageTarget) -> CommandSymbol? {
        switch target {
        case .aggregateCommand(let a, let c): aggregates[a]?.commands[c]
        case .serviceCommand(let s, let c): services[s]?.commands[c]
        case .aggregateEvent: nil
        }
    }

    /// The event a target names, if it names an event.
    public func event(_ target: MessageTarget) -> EventSymbol? {
        switch target {
        case .aggregateEvent(let a, let e): aggregates[a]?.events[e]
        case .aggregateCommand, .serviceCommand: nil
        }
    }
}
