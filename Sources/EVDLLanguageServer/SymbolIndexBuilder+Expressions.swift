import EVDLSema
import EVDLSyntax

extension SymbolIndexBuilder {
    mutating func block(_ block: Block, _ context: inout WalkContext) {
        context.scopes.append([:])
        for statement in block.statements { self.statement(statement, &context) }
        context.scopes.removeLast()
    }

    mutating func statement(_ statement: Stmt, _ context: inout WalkContext) {
        switch statement.kind {
        case .require(let condition, let message):
            expression(condition, &context)
            expression(message, &context)
        case .emit(let literal):
            message(literal, &context)
        case .ifElse(let condition, let then, let otherwise):
            expression(condition, &context)
            block(then, &context)
            elseBranch(otherwise, &context)
        case .assign(let target, _, let value):
            expression(target, &context)
            expression(value, &context)
        case .letBinding(let name, let type, let value):
            expression(value, &context)
            if let type { typeReferences(type) }
            bindLocal(name, &context, detail: type.map { text($0.span) } ?? model.expressionTypes[value.id].map(\.description))
        case .delete, .error:
            break
        case .call(let expr):
            expression(expr, &context)
        case .ifLet(let bindings, let then, let otherwise):
            context.scopes.append([:])
            for binding in bindings {
                expression(binding.value, &context)
                let type: String? = switch model.expressionTypes[binding.value.id] {
                case .optional(let wrapped)?: wrapped.description
                case let other?: other.description
                case nil: nil
                }
                bindLocal(binding.name, &context, detail: type)
            }
            block(then, &context)
            context.scopes.removeLast()
            elseBranch(otherwise, &context)
        case .switchStmt(let subject, let cases):
            expression(subject, &context)
            for c in cases {
                for pattern in c.patterns { expression(pattern, &context) }
                block(c.body, &context)
            }
        }
    }

    mutating func elseBranch(_ branch: ElseBranch?, _ context: inout WalkContext) {
        switch branch {
        case .block(let b)?: block(b, &context)
        case .elseIf(let s)?: statement(s, &context)
        case nil: break
        }
    }

    /// The symbol a checked name resolves to, if it is one the index knows.
    func key(for resolution: NameResolution, base: Expr?, _ context: WalkContext) -> String? {
        switch resolution {
        case .commandField(let x):
            return context.command.flatMap { messageField($0, x) }
        case .stateField(let x):
            return context.stateOwner.map { "s:\($0).\(x)" }
        case .identity:
            return context.stateOwner.map { "i:\($0)" }
        case .eventField(let x):
            return context.event.flatMap { messageField($0, x) }
        case .local(let x), .parameter(let x), .stepResult(let x), .closureParameter(let x):
            return context.lookup(x)
        case .sagaInput(let x):
            return context.saga.map { "in:\($0).\(x)" }
        case .enumCase(let e, let c):
            return "c:\(e).\(c)"
        case .recordField(let x):
            guard let base else { return nil }
            guard var type = model.expressionTypes[base.id] else { return nil }
            if case .optional(let wrapped) = type { type = wrapped }
            switch type {
            case .record(let r): return "f:\(r).\(x)"
            case .message(let m): return messageField(m, x)
            case .result(let m): return "r:\(m).\(x)"
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .optional,
                 .enumeration, .nilLiteral, .emptyCollection, .error:
                return nil
            }
        case .typeInitializer(let r):
            return "d:\(r)"
        case .now, .contextValue, .builtinMember, .builtinFunction:
            return nil
        }
    }

    mutating func expression(_ expr: Expr, _ context: inout WalkContext) {
        switch expr.kind {
        case .integer, .decimal, .bool, .nilLiteral, .duration, .error:
            break
        case .string(let segments):
            for case .interpolation(let e) in segments { expression(e, &context) }
        case .name(let id):
            if let resolution = model.resolutions[expr.id] { reference(key(for: resolution, base: nil, context), at: id.span) }
        case .member(let base, let member), .optionalMember(let base, let member):
            expression(base, &context)
            if let resolution = model.resolutions[expr.id] { reference(key(for: resolution, base: base, context), at: member.span) }
        case .implicitMember(let id):
            if let resolution = model.resolutions[expr.id] { reference(key(for: resolution, base: nil, context), at: id.span) }
        case .call(let callee, let arguments):
            expression(callee, &context)
            var record: String?
            if case .typeInitializer(let r)? = model.resolutions[callee.id] { record = r }
            for argument in arguments {
                if let label = argument.label, let record { reference("f:\(record).\(label.name)", at: label.span) }
                expression(argument.value, &context)
            }
        case .subscripted(let base, let index):
            expression(base, &context)
            expression(index, &context)
        case .unary(_, let operand):
            expression(operand, &context)
        case .binary(_, let lhs, let rhs):
            expression(lhs, &context)
            expression(rhs, &context)
        case .array(let elements):
            for e in elements { expression(e, &context) }
        case .dictionary(let entries):
            for entry in entries {
                expression(entry.key, &context)
                expression(entry.value, &context)
            }
        case .parenthesized(let inner):
            expression(inner, &context)
        case .closure(let parameter, let body):
            context.scopes.append([:])
            if let parameter { bindLocal(parameter, &context, detail: nil) }
            expression(body, &context)
            context.scopes.removeLast()
        case .subscriptDefault(let base, let key, let defaultValue):
            expression(base, &context)
            expression(key, &context)
            expression(defaultValue, &context)
        case .conditional(let condition, let then, let otherwise):
            expression(condition, &context)
            expression(then, &context)
            expression(otherwise, &context)
        }
    }
}
