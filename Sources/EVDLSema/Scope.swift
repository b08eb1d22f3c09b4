import EVDLSyntax

/// Where an expression stands; decides which names exist and whether `now` may be read.
enum ScopeContext {
    case fieldDefault, decide, apply, projectionHandler, projectionKey, query, sagaStart, saga, policy, scenario

    /// The place, for messages ("`now` is not available in …").
    var description: String {
        switch self {
        case .fieldDefault: "a default value"
        case .decide: "`decide`"
        case .apply: "`apply` (it must be deterministic: events are replayed)"
        case .projectionHandler: "a projection handler (it must be deterministic: projections are rebuilt)"
        case .projectionKey: "a projection key"
        case .query: "a query"
        case .sagaStart: "`start on`"
        case .saga: "a saga"
        case .policy: "a policy"
        case .scenario: "a scenario"
        }
    }
}

/// What kind of value a layer of names holds; gives the name's resolution.
enum LayerKind {
    case command, state, identity, event, parameter, sagaInput, stepResult

    func resolution(_ name: String) -> NameResolution {
        switch self {
        case .command: .commandField(name)
        case .state: .stateField(name)
        case .identity: .identity(name)
        case .event: .eventField(name)
        case .parameter: .parameter(name)
        case .sagaInput: .sagaInput(name)
        case .stepResult: .stepResult(name)
        }
    }
}

/// A group of bare names: the fields of the command, the state, the id, the input, …
struct NameLayer {
    var fields: FieldList
    var kind: LayerKind
    var assignable: Bool
}

/// A context value such as `event`, `state`, `command` or `row`, whose members are fields.
struct ContextValue {
    var type: SemType
    /// The declared fields.
    var members: FieldList
    var kind: LayerKind
    var assignable: Bool
    /// The aggregate id or projection key, also a member (checked before `members`).
    var identity: FieldSymbol? = nil
    /// Whether `identity` resolves as `.identity` (a projection's key in `row.key`) rather than as a field of `kind`.
    var identityIsKey = false

    /// The type of a member.
    func type(of member: String) -> SemType? {
        if let identity, identity.name == member { return identity.type }
        return members.type(of: member)
    }

    /// The resolution of a member.
    func resolution(_ member: String) -> NameResolution {
        identityIsKey && member == identity?.name ? .identity(member) : kind.resolution(member)
    }

    /// Every member name, for suggestions.
    var names: [String] { (identity.map { [$0.name] } ?? []) + members.names }
}

/// A name found in scope.
struct Binding {
    var resolution: NameResolution
    var type: SemType
    var assignable: Bool
    /// Whether the name is a `let` constant.
    var isLocal: Bool
    /// Where a `let` or `if let` constant is declared (`nil` for anything else, closure parameters too).
    var declaration: Span? = nil
}

/// The context values of a scope (`event`, `state`, `command`, `row`): at most a few, searched linearly
/// (cheaper than hashing the name of every member access into a dictionary).
struct ContextValues: ExpressibleByDictionaryLiteral {
    private var entries: [(name: String, value: ContextValue)]

    init(dictionaryLiteral elements: (String, ContextValue)...) {
        entries = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The context value of a name.
    subscript(name: String) -> ContextValue? {
        for entry in entries where entry.name == name { return entry.value }
        return nil
    }

    /// The names, in the order written.
    var keys: [String] { entries.map(\.name) }
}

/// A `let` constant in scope.
private struct Local {
    var name: String
    var type: SemType
    var span: Span
    var isClosureParameter = false
}

/// The names visible to an expression or statement.
struct Scope {
    var context: ScopeContext
    /// The aggregate of a `decide` or `apply`.
    var aggregate: String?
    /// The command of a `decide`.
    var command: String?
    /// Bare names, searched in order after the locals.
    var layers: [NameLayer] = []
    /// `event`, `state`, `command`, `row`.
    var contextValues: ContextValues = [:]
    /// `let` constants in declaration order, innermost block last (blocks hold few constants: searched linearly).
    private var locals: [Local] = []
    /// Where each open block's constants start in `locals` (the outermost block starts at 0 and is not listed).
    private var blockStarts: [Int] = []
    /// Saga bindings that exist but are not produced yet at this point, with why.
    var pending: [String: (span: Span, reason: String)] = [:]
    /// Whether `delete` was seen (projection handlers).
    var deletes = false

    init(_ context: ScopeContext) { self.context = context }

    /// Whether `now` may be read here.
    var nowAllowed: Bool {
        switch context {
        case .decide, .scenario: true
        case .fieldDefault, .apply, .projectionHandler, .projectionKey, .query, .sagaStart, .saga, .policy: false
        }
    }

    /// Looks a bare name up: locals (innermost first), then the layers in order, then the context values.
    func lookup(_ name: String) -> Binding? {
        for local in locals.reversed() where local.name == name {
            return Binding(resolution: local.isClosureParameter ? .closureParameter(name) : .local(name), type: local.type,
                           assignable: false, isLocal: true, declaration: local.isClosureParameter ? nil : local.span)
        }
        for layer in layers {
            if let type = layer.fields.type(of: name) {
                return Binding(resolution: layer.kind.resolution(name), type: type, assignable: layer.assignable, isLocal: false)
            }
        }
        if let value = contextValues[name] {
            return Binding(resolution: .contextValue(name), type: value.type, assignable: false, isLocal: false)
        }
        return nil
    }

    /// Whether a `let` or a field of a layer has this name (so it hides a context value or a type of that name).
    func hasValue(_ name: String) -> Bool {
        for local in locals where local.name == name { return true }
        for layer in layers where layer.fields.contains(name) { return true }
        return false
    }

    /// Whether the name is in scope at all.
    func has(_ name: String) -> Bool { hasValue(name) || contextValues[name] != nil }

    /// Every bare name visible, for suggestions.
    var visibleNames: [String] {
        var names: [String] = locals.map(\.name)
        for layer in layers { names.append(contentsOf: layer.fields.names) }
        names.append(contentsOf: contextValues.keys)
        return names
    }

    mutating func pushBlock() { blockStarts.append(locals.count) }
    mutating func popBlock() { locals.removeSubrange((blockStarts.popLast() ?? 0)...) }

    /// Declares the parameter of a closure in the closure's block.
    mutating func declareClosureParameter(_ name: String, type: SemType, span: Span) -> Span? {
        locals.append(Local(name: name, type: type, span: span, isClosureParameter: true))
        return nil
    }

    /// Declares a `let`; returns the span of an earlier `let` of the same name in the same block.
    mutating func declareLocal(_ name: String, type: SemType, span: Span) -> Span? {
        let start = blockStarts.last ?? 0
        for local in locals[start...] where local.name == name { return local.span }
        locals.append(Local(name: name, type: type, span: span))
        return nil
    }
}

extension FieldList {
    /// A list holding one field (the aggregate id, a projection key).
    init(single: FieldSymbol?) {
        self.init(capacity: 1)
        if let single { append(single) }
    }
}
