/// One parsed `.evdl` file: its declarations in written order (those that parsed, at least partly).
public struct SpecFile: Hashable, Sendable {
    /// The file parsed.
    public var file: FileID
    /// The top-level declarations.
    public var declarations: [Declaration]
    /// How many expression ids the parser handed out for this file (ids `0..<expressionCount`), so that tables
    /// keyed by expression can be sized once; 0 when unknown (trees built by hand).
    public var expressionCount: Int

    /// Creates a parsed file.
    public init(file: FileID, declarations: [Declaration], expressionCount: Int = 0) {
        self.file = file
        self.declarations = declarations
        self.expressionCount = expressionCount
    }
}

/// A top-level declaration.
public enum Declaration: Hashable, Sendable {
    /// `type Name { fields }`.
    case type(TypeDecl)
    /// `enum Name { cases }`.
    case enumeration(EnumDecl)
    /// `aggregate Name { … }`.
    case aggregate(AggregateDecl)
    /// `service Name { commands }`.
    case service(ServiceDecl)
    /// `projection Name { … }`.
    case projection(ProjectionDecl)
    /// `saga Name { … }`.
    case saga(SagaDecl)
    /// `policy Name { … }`.
    case policy(PolicyDecl)
    /// `publish Aggregate.Event to "topic"`.
    case publish(PublishDecl)
    /// `scenario "…" { given … when … then … }`.
    indirect case scenario(ScenarioDecl)

    /// The whole declaration's span.
    public var span: Span {
        switch self {
        case .type(let d): d.span
        case .enumeration(let d): d.span
        case .aggregate(let d): d.span
        case .service(let d): d.span
        case .projection(let d): d.span
        case .saga(let d): d.span
        case .policy(let d): d.span
        case .publish(let d): d.span
        case .scenario(let d): d.span
        }
    }
}

/// `type LineItem { sku: String, quantity: Int }`: a value type (a Swift struct).
public struct TypeDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The type's name.
    public var name: Identifier
    /// Its fields.
    public var fields: [FieldDecl]
    /// The whole declaration.
    public var span: Span

    /// Creates a type declaration.
    public init(doc: DocComment?, name: Identifier, fields: [FieldDecl], span: Span) {
        self.doc = doc
        self.name = name
        self.fields = fields
        self.span = span
    }
}

/// One case of an enum.
public struct EnumCaseDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The case's name.
    public var name: Identifier

    /// Creates a case.
    public init(doc: DocComment?, name: Identifier) {
        self.doc = doc
        self.name = name
    }
}

/// `enum OrderStatus { draft, placed }`: cases without payloads.
public struct EnumDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The enum's name.
    public var name: Identifier
    /// Its cases in order.
    public var cases: [EnumCaseDecl]
    /// The whole declaration.
    public var span: Span

    /// Creates an enum declaration.
    public init(doc: DocComment?, name: Identifier, cases: [EnumCaseDecl], span: Span) {
        self.doc = doc
        self.name = name
        self.cases = cases
        self.span = span
    }
}

/// `command Name emits A, B { fields } -> { result fields }`, in an aggregate or a service.
public struct CommandDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The command's name.
    public var name: Identifier
    /// The events a command decided in Swift may emit (`emits A, B`); empty when not written.
    public var emits: [Identifier]
    /// The command's fields.
    public var fields: [FieldDecl]
    /// The result fields (`-> { … }`), services only; `nil` when the command returns nothing.
    public var result: [FieldDecl]?
    /// Whether the command creates its aggregate or acts on an existing one (aggregate commands only).
    public var existence: CommandExistence
    /// Where `creates` / `creates if missing` was written, if it was.
    public var existenceSpan: Span?
    /// The whole declaration.
    public var span: Span

    /// Creates a command declaration.
    public init(doc: DocComment?, name: Identifier, emits: [Identifier], fields: [FieldDecl], result: [FieldDecl]?,
                existence: CommandExistence = .existing, existenceSpan: Span? = nil, span: Span) {
        self.doc = doc
        self.name = name
        self.emits = emits
        self.fields = fields
        self.result = result
        self.existence = existence
        self.existenceSpan = existenceSpan
        self.span = span
    }
}

/// What an aggregate command requires of its stream before `decide` runs.
public enum CommandExistence: String, Hashable, Sendable, CaseIterable {
    /// No modifier: the aggregate must exist (have at least one event); otherwise the command is rejected.
    case existing
    /// `creates`: the aggregate must not exist yet; a second create is rejected.
    case creates
    /// `creates if missing`: creates the aggregate when it does not exist, else acts on the existing one.
    case createsIfMissing
}

/// `event Name v2 { fields }`: an immutable fact with a schema version (1 when not written).
public struct EventDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The event's name.
    public var name: Identifier
    /// The schema version.
    public var version: Int
    /// Where `vN` was written, if it was.
    public var versionSpan: Span?
    /// The event's fields.
    public var fields: [FieldDecl]
    /// The whole declaration.
    public var span: Span

    /// Creates an event declaration.
    public init(doc: DocComment?, name: Identifier, version: Int, versionSpan: Span?, fields: [FieldDecl], span: Span) {
        self.doc = doc
        self.name = name
        self.version = version
        self.versionSpan = versionSpan
        self.fields = fields
        self.span = span
    }
}

/// `decide Command { statements }`.
public struct DecideDecl: Hashable, Sendable {
    /// The command decided.
    public var command: Identifier
    /// The body.
    public var body: Block
    /// The whole declaration.
    public var span: Span

    /// Creates a decide block.
    public init(command: Identifier, body: Block, span: Span) {
        self.command = command
        self.body = body
        self.span = span
    }
}

/// `apply Event { statements }`.
public struct ApplyDecl: Hashable, Sendable {
    /// The event applied.
    public var event: Identifier
    /// The body.
    public var body: Block
    /// The whole declaration.
    public var span: Span

    /// Creates an apply block.
    public init(event: Identifier, body: Block, span: Span) {
        self.event = event
        self.body = body
        self.span = span
    }
}

/// `id orderId: UUID` in an aggregate, or `key orderId: UUID` in a projection.
public struct IdentityDecl: Hashable, Sendable {
    /// The field's name.
    public var name: Identifier
    /// Its type.
    public var type: TypeExpr
    /// The whole declaration.
    public var span: Span

    /// Creates an identity declaration.
    public init(name: Identifier, type: TypeExpr, span: Span) {
        self.name = name
        self.type = type
        self.span = span
    }
}

/// A field list introduced by a keyword: `state { … }`, `row { … }`, `input { … }`.
public struct FieldBlock: Hashable, Sendable {
    /// The fields.
    public var fields: [FieldDecl]
    /// From the keyword to `}`.
    public var span: Span

    /// Creates a field block.
    public init(fields: [FieldDecl], span: Span) {
        self.fields = fields
        self.span = span
    }
}

/// A member of an aggregate, in written order.
public enum AggregateMember: Hashable, Sendable {
    /// `id name: Type`.
    case id(IdentityDecl)
    /// `snapshot every N`.
    case snapshot(every: Int, span: Span)
    /// `state { … }`.
    case state(FieldBlock)
    /// `command …`.
    case command(CommandDecl)
    /// `event …`.
    case event(EventDecl)
    /// `decide …`.
    case decide(DecideDecl)
    /// `apply …`.
    case apply(ApplyDecl)
}

/// `aggregate Order { … }`: an event-sourced consistency boundary.
public struct AggregateDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The aggregate's name.
    public var name: Identifier
    /// The members in written order.
    public var members: [AggregateMember]
    /// The whole declaration.
    public var span: Span

    /// Creates an aggregate declaration.
    public init(doc: DocComment?, name: Identifier, members: [AggregateMember], span: Span) {
        self.doc = doc
        self.name = name
        self.members = members
        self.span = span
    }

    /// The first `id` declaration.
    public var id: IdentityDecl? {
        for case .id(let d) in members { return d }
        return nil
    }
    /// The first `snapshot every N`.
    public var snapshotEvery: Int? {
        for case .snapshot(let n, _) in members { return n }
        return nil
    }
    /// The first `state` block.
    public var state: FieldBlock? {
        for case .state(let d) in members { return d }
        return nil
    }
    /// The commands in order.
    public var commands: [CommandDecl] { members.compactMap { if case .command(let d) = $0 { d } else { nil } } }
    /// The events in order.
    public var events: [EventDecl] { members.compactMap { if case .event(let d) = $0 { d } else { nil } } }
    /// The decide blocks in order.
    public var decides: [DecideDecl] { members.compactMap { if case .decide(let d) = $0 { d } else { nil } } }
    /// The apply blocks in order.
    public var applies: [ApplyDecl] { members.compactMap { if case .apply(let d) = $0 { d } else { nil } } }
}

/// `service Payment { command Charge { … } -> { … } }`: an external participant implemented in Swift.
public struct ServiceDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The service's name.
    public var name: Identifier
    /// Its commands.
    public var commands: [CommandDecl]
    /// The whole declaration.
    public var span: Span

    /// Creates a service declaration.
    public init(doc: DocComment?, name: Identifier, commands: [CommandDecl], span: Span) {
        self.doc = doc
        self.name = name
        self.commands = commands
        self.span = span
    }
}
