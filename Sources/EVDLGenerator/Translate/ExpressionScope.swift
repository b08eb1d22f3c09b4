import EVDLSema
import EVDLSyntax

/// Where an expression stands, which decides what its bare names mean and how they are written in Swift.
enum ExpressionContext {
    /// A field default: literals, enum cases and initializers only.
    case constant
    /// A `decide` block: `command` and `state` are parameters, `now` is `context.now`.
    case decide(aggregate: AggregateDecl, command: CommandDecl)
    /// An `apply` block: `state` is being built, `event` is the event.
    case apply(aggregate: AggregateDecl, event: EventDecl)
    /// A projection handler or key expression: `row` is being built, `event` is the event of `aggregate`.
    case projection(projection: ProjectionDecl, aggregate: String, event: EventDecl)
    /// A query filter: `row` is the row tested, the parameters are function parameters.
    case query(projection: ProjectionDecl, parameters: [ParameterDecl])
    /// A saga step's `invoke`/`compensate` or an `on failure` command: bare names are input fields (`input.x`)
    /// and results bound with `as` (read from `results`).
    case saga(SagaDecl)
    /// A saga's `start on` clause: `event` is the starting event of `aggregate`.
    case sagaStart(aggregate: String, event: EventDecl)
    /// A policy's `where` filter and sent commands: `event` is the triggering event of `aggregate`.
    case policy(aggregate: String, event: EventDecl)
}

/// The context of an expression plus the `let` constants in scope (by spec name, with their types).
struct ExpressionScope {
    /// Where the expression stands.
    var context: ExpressionContext
    /// `let` constants declared so far.
    var locals: [String: SemType] = [:]
}

extension Translator {
    /// The fields of a context value (`event`, `state`, `command`, `row`), the identity included, with their types.
    func contextFields(_ name: String, in scope: ExpressionScope) -> [(String, SemType)]? {
        func typed(_ fields: [FieldDecl]) -> [(String, SemType)] { fields.map { ($0.name.name, index.semType($0.type)) } }
        func identity(_ d: IdentityDecl?) -> [(String, SemType)] { d.map { [($0.name.name, index.semType($0.type))] } ?? [] }
        switch (scope.context, name) {
        case (.decide(let aggregate, let command), "command"): return identity(aggregate.id) + typed(command.fields)
        case (.decide(let aggregate, _), "state"), (.apply(let aggregate, _), "state"): return typed(aggregate.state?.fields ?? [])
        case (.apply(let aggregate, let event), "event"): return identity(aggregate.id) + typed(event.fields)
        case (.projection(_, let aggregate, let event), "event"), (.sagaStart(let aggregate, let event), "event"),
             (.policy(let aggregate, let event), "event"):
            return identity(index.aggregates[aggregate]?.id) + typed(event.fields)
        case (.projection, "recorded"), (.policy, "recorded"):
            return recordedFields()
        case (.projection(let projection, _, _), "row"), (.query(let projection, _), "row"):
            return identity(projection.key) + typed(projection.row?.fields ?? [])
        case (.constant, _), (.decide, _), (.apply, _), (.projection, _), (.query, _), (.saga, _), (.sagaStart, _), (.policy, _):
            return nil
        }
    }

    /// The members of `recorded` (the envelope of the event a projection handler or policy reacts to), named
    /// like the runtime's `RecordedEvent` members the generated code reads.
    func recordedFields() -> [(String, SemType)] {
        [("eventID", .uuid), ("version", .int), ("position", .int), ("timestamp", .date),
         ("causationID", .optional(.uuid)), ("correlationID", .optional(.uuid))]
    }

    /// What a bare name means: the checker's answer, or the same scope rules applied to the spec by the generator.
    /// `id` is `nil` for the shorthand `emit E { x }`, whose value has no expression node of its own.
    func resolve(_ name: String, id: ExprID?, in scope: ExpressionScope) -> NameResolution? {
        if let id, let resolution = model.resolutions[id] { return resolution }
        if scope.locals[name] != nil { return .local(name) }
        switch scope.context {
        case .constant:
            break
        case .decide(let aggregate, let command):
            if command.fields.contains(where: { $0.name.name == name }) { return .commandField(name) }
            if aggregate.state?.fields.contains(where: { $0.name.name == name }) == true { return .stateField(name) }
            if aggregate.id?.name.name == name { return .identity(name) }
            if name == "now" { return .now }
            if name == "command" || name == "state" { return .contextValue(name) }
        case .apply(let aggregate, _):
            if aggregate.state?.fields.contains(where: { $0.name.name == name }) == true { return .stateField(name) }
            if name == "event" || name == "state" { return .contextValue(name) }
        case .projection(let projection, _, _):
            if projection.row?.fields.contains(where: { $0.name.name == name }) == true { return .stateField(name) }
            if projection.key?.name.name == name { return .identity(name) }
            if name == "event" || name == "row" || name == "recorded" { return .contextValue(name) }
        case .query(_, let parameters):
            if parameters.contains(where: { $0.name.name == name }) { return .parameter(name) }
            if name == "row" { return .contextValue(name) }
        case .saga(let saga):
            if saga.input?.fields.contains(where: { $0.name.name == name }) == true { return .sagaInput(name) }
            if saga.steps.contains(where: { $0.binding?.name == name }) { return .stepResult(name) }
        case .sagaStart:
            if name == "event" { return .contextValue(name) }
        case .policy:
            if name == "event" || name == "recorded" { return .contextValue(name) }
        }
        if let enumName = index.enumsByCase[name]?.first { return .enumCase(enumName: enumName, caseName: name) }
        if index.types[name] != nil { return .typeInitializer(name) }
        return nil
    }

    /// The type of an expression: the checker's answer, or what the generator can tell from field declarations.
    func typeOf(_ e: Expr, in scope: ExpressionScope) -> SemType? {
        if let t = model.expressionTypes[e.id] { return t }
        switch e.kind {
        case .integer: return .int
        case .string: return .string
        case .bool: return .bool
        case .name(let identifier):
            switch resolve(identifier.name, id: e.id, in: scope) {
            case .commandField(let n)?: return contextFields("command", in: scope)?.first { $0.0 == n }?.1
            case .stateField(let n)?:
                return (contextFields("state", in: scope) ?? contextFields("row", in: scope))?.first { $0.0 == n }?.1
            case .identity(let n)?:
                return (contextFields("command", in: scope) ?? contextFields("row", in: scope))?.first { $0.0 == n }?.1
            case .local(let n)?: return scope.locals[n]
            case .parameter(let n)?:
                if case .query(_, let parameters) = scope.context, let p = parameters.first(where: { $0.name.name == n }) {
                    return index.semType(p.type)
                }
                return nil
            case .now?: return .date
            case .enumCase(let enumName, _)?: return .enumeration(enumName)
            case .eventField?, .sagaInput?, .stepResult?, .contextValue?, .recordField?, .builtinMember?, .builtinFunction?,
                 .typeInitializer?, .closureParameter?, nil:
                return nil
            }
        case .member(let base, let member):
            if case .name(let b) = base.kind, let fields = contextFields(b.name, in: scope) {
                return fields.first { $0.0 == member.name }?.1
            }
            switch member.name {
            case "count": return .int
            case "isEmpty": return .bool
            default: break
            }
            guard let baseType = typeOf(base, in: scope) else { return nil }
            return index.fields(of: baseType).first { $0.name.name == member.name }.map { index.semType($0.type) }
        case .parenthesized(let inner): return typeOf(inner, in: scope)
        case .decimal, .nilLiteral, .implicitMember, .call, .subscripted, .unary, .binary, .array, .dictionary, .error,
             .duration, .optionalMember, .closure, .subscriptDefault, .conditional:
            return nil
        }
    }
}
