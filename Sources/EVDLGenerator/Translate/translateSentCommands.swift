import EVDLSema
import EVDLSyntax

/// A command that a saga invokes or a policy sends, found by its written name.
struct SentCommand {
    /// The aggregate or service that handles it.
    var owner: String
    /// Its declaration.
    var declaration: CommandDecl
    /// The aggregate, when an aggregate handles it (its id is the first field).
    var aggregate: AggregateDecl?

    /// The qualified spec name, also the command's stable type name.
    var typeName: String { "\(owner).\(declaration.name.name)" }
}

extension Translator {
    /// The command `name` refers to: the checker's answer, or the aggregate or service named by its qualifier.
    func sentCommand(_ name: QualifiedName) -> SentCommand? {
        let owner: String
        let command: String
        switch model.messageTargets[name.span] {
        case .aggregateCommand(let a, let c)?: (owner, command) = (a, c)
        case .serviceCommand(let s, let c)?: (owner, command) = (s, c)
        case .aggregateEvent?: return nil
        case nil:
            guard let qualifier = name.qualifier else { return nil }
            (owner, command) = (qualifier.name, name.last.name)
        }
        if let aggregate = index.aggregates[owner], let d = aggregate.commands.first(where: { $0.name.name == command }) {
            return SentCommand(owner: owner, declaration: d, aggregate: aggregate)
        }
        if let service = index.services[owner], let d = service.commands.first(where: { $0.name.name == command }) {
            return SentCommand(owner: owner, declaration: d, aggregate: nil)
        }
        return nil
    }

    /// The event `name` refers to, with its aggregate.
    func namedEvent(_ name: QualifiedName) -> (aggregate: AggregateDecl, event: EventDecl)? {
        let owner: String
        let eventName: String
        switch model.messageTargets[name.span] {
        case .aggregateEvent(let a, let e)?: (owner, eventName) = (a, e)
        case .aggregateCommand?, .serviceCommand?: return nil
        case nil:
            guard let qualifier = name.qualifier else { return nil }
            (owner, eventName) = (qualifier.name, name.last.name)
        }
        guard let aggregate = index.aggregates[owner], let event = index.event(eventName, of: owner) else { return nil }
        return (aggregate, event)
    }

    /// The Swift type of an event named in a `start on`, a policy or a `publish`.
    func eventType(_ aggregate: AggregateDecl, _ event: EventDecl) -> SwiftType {
        messageType(namespace: aggregate.name.name, name: event.name.name, isEvent: true)
    }

    /// `Inventory.Reserve(reservationId: input.orderId, items: input.items)`: the command of a message literal with
    /// its arguments in the command's field order (the aggregate id first), omitted fields left to their defaults.
    func commandValue(_ literal: MessageLiteral, in scope: ExpressionScope) -> SwiftExpr {
        guard let command = sentCommand(literal.name) else { return .verbatim("<error>") }
        var fields: [(String, SemType)] = []
        if let id = command.aggregate?.id { fields.append((id.name.name, index.semType(id.type))) }
        fields += command.declaration.fields.map { ($0.name.name, index.semType($0.type)) }
        return .call(.type(messageType(namespace: command.owner, name: command.declaration.name.name, isEvent: false)),
                     messageArguments(literal, fields: fields, in: scope))
    }

    /// The arguments of a message literal for a memberwise initializer over `fields`, in field order.
    func messageArguments(_ literal: MessageLiteral, fields: [(String, SemType)], in scope: ExpressionScope) -> [SwiftArgument] {
        fields.compactMap { name, type in
            guard let given = literal.arguments.first(where: { $0.label.name == name }) else { return nil }
            let value: SwiftExpr = if let expr = given.value {
                translateExpression(expr, in: scope, expected: type)
            } else {
                translateName(name, id: nil, in: scope, resolution: model.shorthandResolutions[given.label.span])
            }
            return SwiftArgument(label: name, value: value)
        }
    }

    /// `bound(results.charge, "charge")`: a result bound by an earlier step (throws if it is missing).
    func boundResult(_ binding: String) -> SwiftExpr {
        .call(.verbatim("bound"), [
            SwiftArgument(value: .member(.identifier("results"), binding)),
            SwiftArgument(value: .string([.text(binding)])),
        ])
    }

    /// `.seconds(30)`, `.milliseconds(250)`: a spec duration as a Swift `Duration`.
    func durationValue(_ d: DurationLiteral) -> SwiftExpr {
        switch d.unit {
        case .milliseconds:
            return .call(.implicitMember("milliseconds"), [SwiftArgument(value: .integer(String(d.totalMilliseconds)))])
        case .seconds, .minutes, .hours, .days:
            return .call(.implicitMember("seconds"), [SwiftArgument(value: .integer(String(d.totalMilliseconds / 1000)))])
        }
    }

    /// `let event = try codec.decodeEvent(Order.OrderPlaced.self, from: recorded.payload, …)`, or `_ = …` when the
    /// event's fields are not read (the payload is still checked).
    func decodeRecordedEvent(_ type: SwiftType, used: Bool) -> SwiftStmt {
        let decode = SwiftExpr.tryExpr(.call(.member(.identifier("codec"), "decodeEvent"), [
            SwiftArgument(value: .metatypeValue(type)),
            SwiftArgument(label: "from", value: .member(.identifier("recorded"), "payload")),
            SwiftArgument(label: "schemaVersion", value: .member(.identifier("recorded"), "schemaVersion")),
        ]))
        return used ? .constant(name: "event", type: nil, value: decode) : .assign(target: .verbatim("_"), op: "=", value: decode)
    }
}

/// Facts about generated expressions that decide how the code around them is written.
enum SwiftExprFacts {
    /// Whether `e` or any expression inside it satisfies `isMatch`; with `intoLambdas: false`, the bodies of nested
    /// closures are not searched.
    static func contains(_ e: SwiftExpr, intoLambdas: Bool = true, where isMatch: (SwiftExpr) -> Bool) -> Bool {
        if isMatch(e) { return true }
        let children: [SwiftExpr]
        switch e {
        case .identifier, .verbatim, .type, .metatypeValue, .implicitMember, .integer, .float, .bool, .nilLiteral:
            children = []
        case .member(let base, _), .optionalMember(let base, _): children = [base]
        case .lambda(_, let body): children = intoLambdas ? [body] : []
        case .conditional(let c, let t, let o): children = [c, t, o]
        case .coerced(let value, _): children = [value]
        case .subscriptArguments(let base, let arguments): children = [base] + arguments.map(\.value)
        case .call(let callee, let arguments): children = [callee] + arguments.map(\.value)
        case .trailingClosure(let callee, _, let body): children = [callee, body]
        case .subscripted(let base, let index): children = [base, index]
        case .string(let parts):
            children = parts.compactMap { if case .interpolation(let inner) = $0 { inner } else { nil } }
        case .array(let elements): children = elements
        case .dictionary(let entries): children = entries.flatMap { [$0.key, $0.value] }
        case .binary(_, let lhs, let rhs): children = [lhs, rhs]
        case .not(let inner), .negate(let inner), .tryExpr(let inner), .awaitExpr(let inner), .parenthesized(let inner),
             .inoutArgument(let inner):
            children = [inner]
        case .closure: children = []  // generated closures are leaves here: they do not capture the names asked about
        }
        return children.contains { contains($0, intoLambdas: intoLambdas, where: isMatch) }
    }

    /// Whether `e` reads the local or parameter `name`.
    static func mentions(_ e: SwiftExpr, _ name: String) -> Bool {
        contains(e) { if case .identifier(let n) = $0 { n == name } else { false } }
    }

    /// Whether `e` calls the throwing `bound(_:_:)`.
    static func readsBoundResult(_ e: SwiftExpr) -> Bool {
        contains(e) { if case .call(.verbatim("bound"), _) = $0 { true } else { false } }
    }
}
