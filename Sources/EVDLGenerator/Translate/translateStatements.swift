import EVDLSema
import EVDLSyntax

extension Translator {
    /// Translates the statements of a `decide`, `apply` or projection handler block. `let` constants are added to
    /// `scope` as they are declared. `emit` appends to the local `events`; `delete` returns `.delete`.
    func translateBlock(_ block: Block, in scope: ExpressionScope) -> [SwiftStmt] {
        var scope = scope
        var result: [SwiftStmt] = []
        for statement in block.statements {
            result += translateStatement(statement, in: &scope)
        }
        return result
    }

    func translateStatement(_ statement: Stmt, in scope: inout ExpressionScope) -> [SwiftStmt] {
        switch statement.kind {
        case .require(let condition, let message):
            return [.guardElse(
                condition: translateExpression(condition, in: scope, expected: .bool),
                body: [.throwStmt(.call(.verbatim("CommandRejection"), [SwiftArgument(value: translateExpression(message, in: scope, expected: .string))]))]
            )]
        case .emit(let literal):
            return [.expression(.call(.member(.identifier("events"), "append"), [SwiftArgument(value: emittedEvent(literal, in: scope))]))]
        case .ifElse(let condition, let then, let otherwise):
            return [translateIf(condition: condition, then: then, otherwise: otherwise, in: scope)]
        case .assign(let target, let op, let value):
            return translateAssignment(target: target, op: op, value: value, in: scope)
        case .call(let call):
            return translateCallStatement(call, in: scope)
        case .ifLet(let bindings, let then, let otherwise):
            return [translateIfLet(bindings, then: then, otherwise: otherwise, in: scope)]
        case .switchStmt(let subject, let cases):
            return [translateSwitch(subject: subject, cases: cases, in: scope)]
        case .letBinding(let name, let written, let value):
            if let written {
                let declared = index.semType(written)
                scope.locals[name.name] = declared
                return [.constant(name: Naming.local(name.name), type: swiftType(declared), value: translateExpression(value, in: scope, expected: declared))]
            }
            let valueType = typeOf(value, in: scope)
            scope.locals[name.name] = valueType ?? .error
            // A constant nothing reads is bound to `_`: Swift would warn about it (EVDL0705 says so in the spec).
            let bound = model.unusedLocals.contains(name.span) ? "_" : Naming.local(name.name)
            return [.constant(name: bound, type: nil, value: translateExpression(value, in: scope))]
        case .delete:
            return [.returnStmt(.implicitMember("delete"))]
        case .error:
            return []
        }
    }

    private func translateIf(condition: Expr, then: Block, otherwise: ElseBranch?, in scope: ExpressionScope) -> SwiftStmt {
        let elseStatements: [SwiftStmt]?
        switch otherwise {
        case nil:
            elseStatements = nil
        case .block(let block)?:
            elseStatements = translateBlock(block, in: scope)
        case .elseIf(let nested)?:
            var nestedScope = scope
            elseStatements = translateStatement(nested, in: &nestedScope)
        }
        return .ifElse(condition: translateExpression(condition, in: scope, expected: .bool),
                       then: translateBlock(then, in: scope), else: elseStatements)
    }

    /// `emit OrderPlaced { customerId, placedAt: now }` inside `decide` → `.orderPlaced(OrderPlaced(orderId:
    /// command.orderId, customerId: command.customerId, …))`: arguments in the event's field order, the aggregate
    /// id filled in from the command, omitted fields left to their defaults.
    func emittedEvent(_ literal: MessageLiteral, in scope: ExpressionScope) -> SwiftExpr {
        guard case .decide(let aggregate, _) = scope.context,
              let event = index.event(literal.name.last.name, in: aggregate) else {
            return .verbatim("<error>")
        }
        var arguments: [SwiftArgument] = []
        if let id = aggregate.id {
            arguments.append(SwiftArgument(label: id.name.name, value: .member(.identifier("command"), id.name.name)))
        }
        var given: [String: FieldArgument] = [:]
        for argument in literal.arguments where given[argument.label.name] == nil { given[argument.label.name] = argument }
        for field in event.fields {
            guard let given = given[field.name.name] else { continue }
            let expected = index.semType(field.type)
            let value: SwiftExpr = if let expr = given.value {
                translateExpression(expr, in: scope, expected: expected)
            } else {
                translateName(given.label.name, id: nil, in: scope, resolution: model.shorthandResolutions[given.label.span])
            }
            arguments.append(SwiftArgument(label: field.name.name, value: value))
        }
        let eventType = messageType(namespace: aggregate.name.name, name: event.name.name, isEvent: true)
        return .call(.implicitMember(eventCaseNames(aggregate)[event.name.name] ?? event.name.name), [
            SwiftArgument(value: .call(.type(relativeTo(eventType)), arguments)),
        ])
    }

    /// Inside its own namespace a nested message type is written without the namespace (`OrderPlaced`).
    func relativeTo(_ t: SwiftType) -> SwiftType {
        if case .member(_, let name) = t { return .declared(name) }
        return t
    }

    /// The `Order.Event` case name of each event, by spec name (`OrderPlaced` → `orderPlaced`, unique).
    func eventCaseNames(_ aggregate: AggregateDecl) -> [String: String] {
        index.messages(of: aggregate)?.eventCaseNames ?? AggregateMessages(aggregate).eventCaseNames
    }

    /// The `Order.Command` case name of each command, by spec name.
    func commandCaseNames(_ aggregate: AggregateDecl) -> [String: String] {
        let names = aggregate.commands.map(\.name.name)
        return Dictionary(zip(names, Naming.unique(names.map(Naming.lowerCamel))), uniquingKeysWith: { first, _ in first })
    }
}

/// Syntactic facts about blocks that decide how generated code is shaped (so it compiles without warnings).
enum BlockFacts {
    /// Whether any statement (at any depth) satisfies `isMatch`.
    static func contains(_ block: Block, where isMatch: (Stmt) -> Bool) -> Bool {
        block.statements.contains { statement in
            if isMatch(statement) { return true }
            switch statement.kind {
            case .ifElse(_, let then, let otherwise):
                if contains(then, where: isMatch) { return true }
                switch otherwise {
                case nil: return false
                case .block(let b)?: return contains(b, where: isMatch)
                case .elseIf(let nested)?: return contains(Block(statements: [nested], span: block.span), where: isMatch)
                }
            case .ifLet(_, let then, let otherwise):
                if contains(then, where: isMatch) { return true }
                switch otherwise {
                case nil: return false
                case .block(let b)?: return contains(b, where: isMatch)
                case .elseIf(let nested)?: return contains(Block(statements: [nested], span: block.span), where: isMatch)
                }
            case .switchStmt(_, let cases):
                return cases.contains { contains($0.body, where: isMatch) }
            case .require, .emit, .assign, .letBinding, .delete, .call, .error:
                return false
            }
        }
    }

    /// Whether the block emits an event.
    static func emits(_ block: Block) -> Bool {
        contains(block) { if case .emit = $0.kind { true } else { false } }
    }

    /// Whether the block assigns to anything.
    static func assigns(_ block: Block) -> Bool {
        contains(block) {
            switch $0.kind {
            case .assign, .call: true
            case .require, .emit, .ifElse, .letBinding, .delete, .ifLet, .switchStmt, .error: false
            }
        }
    }

    /// Whether the block mentions the context name `name` (`event`, `context`'s `now`) anywhere.
    static func mentions(_ name: String, in block: Block) -> Bool {
        contains(block) { statement in
            switch statement.kind {
            case .require(let c, let m): return ExprFacts.mentions(name, in: c) || ExprFacts.mentions(name, in: m)
            case .emit(let literal):
                return literal.arguments.contains { argument in
                    argument.value.map { ExprFacts.mentions(name, in: $0) } ?? (argument.label.name == name)
                }
            case .ifElse(let c, _, _): return ExprFacts.mentions(name, in: c)
            case .assign(let t, _, let v): return ExprFacts.mentions(name, in: t) || ExprFacts.mentions(name, in: v)
            case .letBinding(_, _, let v): return ExprFacts.mentions(name, in: v)
            case .call(let c): return ExprFacts.mentions(name, in: c)
            case .ifLet(let bindings, _, _): return bindings.contains { ExprFacts.mentions(name, in: $0.value) }
            case .switchStmt(let subject, let cases):
                return ExprFacts.mentions(name, in: subject) || cases.contains { $0.patterns.contains { ExprFacts.mentions(name, in: $0) } }
            case .delete, .error: return false
            }
        }
    }
}

/// Syntactic facts about expressions.
enum ExprFacts {
    /// Whether `e` is made of number literals and arithmetic only (`1`, `-2`, `(42 + 9) / 3`): Swift types it from
    /// context alone.
    static func isLiteralArithmetic(_ e: Expr) -> Bool {
        switch e.kind {
        case .integer, .decimal: true
        case .unary(.negate, let inner), .parenthesized(let inner): isLiteralArithmetic(inner)
        case .binary(let op, let l, let r):
            (op == .add || op == .subtract || op == .multiply || op == .divide || op == .remainder)
                && isLiteralArithmetic(l) && isLiteralArithmetic(r)
        case .conditional(_, let then, let otherwise):
            isLiteralArithmetic(then) && isLiteralArithmetic(otherwise)
        case .unary(.not, _), .string, .bool, .nilLiteral, .name, .member, .implicitMember, .call, .subscripted,
             .array, .dictionary, .duration, .optionalMember, .closure, .subscriptDefault, .error:
            false
        }
    }

    /// Whether `e` is a number literal (possibly negated or parenthesized), which takes its type from context.
    static func isNumberLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .integer, .decimal: true
        case .unary(.negate, let inner), .parenthesized(let inner): isNumberLiteral(inner)
        case .unary(.not, _), .string, .bool, .nilLiteral, .name, .member, .implicitMember, .call, .subscripted, .binary,
             .array, .dictionary, .duration, .optionalMember, .closure, .subscriptDefault, .conditional, .error:
            false
        }
    }

    /// Whether the bare name `name` appears in `e`.
    static func mentions(_ name: String, in e: Expr) -> Bool {
        switch e.kind {
        case .name(let identifier): identifier.name == name
        case .member(let base, _), .optionalMember(let base, _): mentions(name, in: base)
        case .closure(_, let body): mentions(name, in: body)
        case .subscriptDefault(let base, let key, let fallback):
            mentions(name, in: base) || mentions(name, in: key) || mentions(name, in: fallback)
        case .call(let callee, let arguments): mentions(name, in: callee) || arguments.contains { mentions(name, in: $0.value) }
        case .subscripted(let base, let index): mentions(name, in: base) || mentions(name, in: index)
        case .unary(_, let operand): mentions(name, in: operand)
        case .binary(_, let lhs, let rhs): mentions(name, in: lhs) || mentions(name, in: rhs)
        case .array(let elements): elements.contains { mentions(name, in: $0) }
        case .dictionary(let entries): entries.contains { mentions(name, in: $0.key) || mentions(name, in: $0.value) }
        case .parenthesized(let inner): mentions(name, in: inner)
        case .conditional(let c, let t, let o): mentions(name, in: c) || mentions(name, in: t) || mentions(name, in: o)
        case .string(let segments):
            segments.contains { if case .interpolation(let inner) = $0 { mentions(name, in: inner) } else { false } }
        case .integer, .decimal, .bool, .nilLiteral, .implicitMember, .duration, .error: false
        }
    }
}
