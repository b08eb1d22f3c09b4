import EVDLSyntax

// CONTRACT — shared by the checker (which fills it) and the generator (which reads it).
// Extend with care: add cases/members, do not rename.

/// A checked type.
public indirect enum SemType: Hashable, Sendable, CustomStringConvertible {
    /// `Int`.
    case int
    /// `Double`.
    case double
    /// `Decimal`.
    case decimal
    /// `String`.
    case string
    /// `Bool`.
    case bool
    /// `UUID`.
    case uuid
    /// `Date`.
    case date
    /// `Duration`: a span of time (`30m`, `date1 - date2`).
    case duration
    /// `[T]`.
    case array(SemType)
    /// `[K: V]`.
    case dictionary(SemType, SemType)
    /// `T?`.
    case optional(SemType)
    /// A declared `type` (a struct), by name.
    case record(String)
    /// A declared `enum`, by name.
    case enumeration(String)
    /// A command or event type, by qualified name (`Order.OrderPlaced`): the type of `event` / `command`.
    case message(String)
    /// The type of `nil` before context gives it one.
    case nilLiteral
    /// The type of an empty collection literal before context gives it one.
    case emptyCollection
    /// A type that could not be determined; an error was already reported, so no further errors about it.
    case error
    /// The result of a service command (`-> { … }`), by the command's qualified name (`Payment.Charge`):
    /// the type of a saga step's `as` binding. (Added by the checker.)
    case result(String)

    /// The type as a spec author writes it.
    public var description: String {
        switch self {
        case .int: "Int"
        case .double: "Double"
        case .decimal: "Decimal"
        case .string: "String"
        case .bool: "Bool"
        case .uuid: "UUID"
        case .date: "Date"
        case .duration: "Duration"
        case .array(let t): "[\(t)]"
        case .dictionary(let k, let v): "[\(k): \(v)]"
        case .optional(let t): "\(t)?"
        case .record(let n), .enumeration(let n), .message(let n): n
        case .nilLiteral: "nil"
        case .emptyCollection: "[]"
        case .error: "<error>"
        case .result(let n): "\(n).Result"
        }
    }
}

/// What a name (or `x` in `event.x`, `state.x`, …) in an expression refers to.
public enum NameResolution: Hashable, Sendable {
    /// A field of the command being decided (bare name or `command.x`).
    case commandField(String)
    /// A field of the aggregate's state, or of a projection's row.
    case stateField(String)
    /// The aggregate's id (or a projection's key).
    case identity(String)
    /// A field of the event being applied / handled (`event.x`).
    case eventField(String)
    /// `now`: the time the command was received (decide, scenarios).
    case now
    /// A `let` constant.
    case local(String)
    /// A query parameter.
    case parameter(String)
    /// A saga input field.
    case sagaInput(String)
    /// A step result bound with `as` (the binding's name).
    case stepResult(String)
    /// A case of an enum (bare `draft`, `.draft` or `OrderStatus.draft`).
    /// (Boxed: the only two-string case; inline it would make every resolution, and every slot of the
    /// expression tables, twice as large.)
    indirect case enumCase(enumName: String, caseName: String)
    /// The context value itself: `event`, `state`, `command`, `row`.
    case contextValue(String)
    /// A field of a value of a declared type or message (`a.b` where `a` is a record).
    case recordField(String)
    /// A built-in member: `count`, `isEmpty`, `contains`, `keys`, `values`, …
    case builtinMember(String)
    /// A built-in function: `id(n)` and `date(seconds)` in scenarios.
    case builtinFunction(String)
    /// A declared type's initializer: `LineItem(sku: …)`.
    case typeInitializer(String)
    /// The parameter of a closure (`$0`, or the name before `in`).
    case closureParameter(String)
}

/// What a message literal's name (`Order.PlaceOrder`, `OrderPlaced`) refers to.
/// (Boxed: a target is made once per declared message and then shared by every reference to it.)
public indirect enum MessageTarget: Hashable, Sendable {
    /// A command of an aggregate.
    case aggregateCommand(aggregate: String, command: String)
    /// An event of an aggregate.
    case aggregateEvent(aggregate: String, event: String)
    /// A command of a service.
    case serviceCommand(service: String, command: String)
}

/// Everything the checker learned, for the generator.
public struct SemanticModel: Sendable {
    /// The parsed files, in the order given.
    public var files: [SpecFile]
    /// The type of every expression that was checked.
    public var expressionTypes: ExpressionTable<SemType>
    /// What each name-like expression (`.name`, `.member`, `.implicitMember`, `.call` callee) refers to.
    public var resolutions: ExpressionTable<NameResolution>
    /// What each message literal names, keyed by the span of its name.
    public var messageTargets: [Span: MessageTarget]
    /// The declarations with their resolved types (aggregates, messages, services, projections, sagas, …).
    /// (Added by the checker.)
    public var symbols: SymbolTable
    /// What the value of a shorthand argument (`emit E { reason }`, meaning `reason: reason`) refers to,
    /// keyed by the span of the argument's label. (Added by the checker.)
    public var shorthandResolutions: [Span: NameResolution]
    /// The type of the value of a shorthand argument, keyed by the span of its label. (Added by the checker.)
    public var shorthandTypes: [Span: SemType]
    /// The spans of the names of `let` and `if let` constants that nothing reads (the generator binds them to `_`,
    /// so the generated Swift does not warn). (Added by the checker.)
    public var unusedLocals: Set<Span>

    /// Creates a model.
    public init(
        files: [SpecFile], expressionTypes: ExpressionTable<SemType> = ExpressionTable(), resolutions: ExpressionTable<NameResolution> = ExpressionTable(),
        messageTargets: [Span: MessageTarget] = [:], symbols: SymbolTable = SymbolTable(),
        shorthandResolutions: [Span: NameResolution] = [:], shorthandTypes: [Span: SemType] = [:], unusedLocals: Set<Span> = []
    ) {
        self.unusedLocals = unusedLocals
        self.files = files
        self.expressionTypes = expressionTypes
        self.resolutions = resolutions
        self.messageTargets = messageTargets
        self.symbols = symbols
        self.shorthandResolutions = shorthandResolutions
        self.shorthandTypes = shorthandTypes
    }
}

/// The checker's output.
public struct SemanticResult: Sendable {
    /// What was learned (also when there were errors: the generator runs only without errors).
    public var model: SemanticModel
    /// Semantic diagnostics, sorted by file and offset.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(model: SemanticModel, diagnostics: [Diagnostic]) {
        self.model = model
        self.diagnostics = diagnostics
    }
}
