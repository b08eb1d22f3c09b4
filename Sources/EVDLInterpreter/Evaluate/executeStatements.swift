import EVDLSema
import EVDLSyntax

extension Evaluator {
    /// Runs a block; its constants end with it.
    func run(_ block: Block, _ f: Frame) throws(Stop) {
        let depth = f.locals.count
        defer { f.locals.removeLast(f.locals.count - depth) }
        for statement in block.statements { try run(statement, f) }
    }

    func run(_ s: Stmt, _ f: Frame) throws(Stop) {
        switch s.kind {
        case .require(let condition, let message):
            if !(try truth(condition, f)) {
                guard case .string(let text) = try eval(message, f) else { throw .failure("a rejection message is not a `String`", at: message.span) }
                throw Stop(kind: .rejected(text), span: s.span)
            }
        case .emit(let literal):
            f.emitted.append(try self.message(literal, f, fillIdentity: f.fillsIdentity))
        case .ifElse(let condition, let then, let otherwise):
            if try truth(condition, f) {
                try run(then, f)
            } else if let otherwise {
                try run(otherwise, f)
            }
        case .ifLet(let bindings, let then, let otherwise):
            let depth = f.locals.count
            var bound = true
            for binding in bindings {
                let v = try eval(binding.value, f)
                if case .none = v { bound = false; break }
                f.locals.append((binding.name.name, v))
            }
            if bound {
                try run(then, f)
                f.locals.removeLast(f.locals.count - depth)
            } else {
                f.locals.removeLast(f.locals.count - depth)
                if let otherwise { try run(otherwise, f) }
            }
        case .switchStmt(let subject, let cases):
            let value = try eval(subject, f)
            for c in cases {
                if c.isDefault {
                    try run(c.body, f)
                    return
                }
                for pattern in c.patterns where Ordering.equal(value, try eval(pattern, f)) {
                    try run(c.body, f)
                    return
                }
            }
        case .letBinding(let name, _, let value):
            // A whole literal written for a `Decimal` or `Double` constant was typed so by the checker; `eval` widens it.
            f.locals.append((name.name, try eval(value, f)))
        case .delete:
            f.deleted = true
            throw Stop(kind: .deleted, span: s.span)
        case .assign(let target, let op, let valueExpr):
            let value = try eval(valueExpr, f)
            let targetType = type(target)
            try modify(target, f) { (current: inout Value) throws(Stop) in
                switch op {
                case .assign: current = targetType.map { coerce(value, to: $0) } ?? value
                case .add: current = try arithmetic(.add, current, value, at: s.span)
                case .subtract: current = try arithmetic(.subtract, current, value, at: s.span)
                case .multiply: current = try arithmetic(.multiply, current, value, at: s.span)
                case .divide: current = try arithmetic(.divide, current, value, at: s.span)
                }
            }
        case .call(let call):
            try runMutatingCall(call, f)
        case .error:
            throw .failure("this statement did not parse", at: s.span)
        }
    }

    private func run(_ branch: ElseBranch, _ f: Frame) throws(Stop) {
        switch branch {
        case .block(let block): try run(block, f)
        case .elseIf(let statement): try run(statement, f)
        }
    }

    /// `items.append(x)`, `items.removeAll(where: …)`, `items.remove(where: …)`, `counts.removeValue(forKey: k)`.
    private func runMutatingCall(_ call: Expr, _ f: Frame) throws(Stop) {
        guard case .call(let callee, let arguments) = call.kind, case .member(let base, let member) = callee.kind else {
            throw .failure("this call cannot be a statement", at: call.span)
        }
        let baseType = type(base)
        // Arguments (and closures) read the collection as it was before the change.
        let before = try eval(base, f)
        var result: Value
        switch (before, member.name) {
        case (.array(var elements), "append"):
            guard let a = arguments.first else { throw .failure("`append` needs a value", at: call.span) }
            var v = try eval(a.value, f)
            if case .array(let t)? = baseType { v = coerce(v, to: t) }
            elements.append(v)
            result = .array(elements)
        case (.array(let elements), "removeAll"), (.array(let elements), "remove"):
            guard let a = arguments.first else { result = .array([]); break }
            var kept: [Value] = []
            for element in elements {
                guard case .bool(let matches) = try apply(a.value, to: element, f) else { throw .failure("a condition is not a `Bool`", at: a.value.span) }
                if !matches { kept.append(element) }
            }
            result = .array(kept)
        case (.dictionary(var entries), "removeValue"):
            guard let a = arguments.first else { throw .failure("`removeValue` needs a key", at: call.span) }
            entries[try eval(a.value, f)] = nil
            result = .dictionary(entries)
        case (.none, _):
            return
        default:
            throw .failure("`\(member.name)` cannot change this value", at: call.span)
        }
        try modify(base, f) { (current: inout Value) throws(Stop) in current = result }
    }

    /// Changes the place `target` names (a state or row field, a member or element of one) with `body`. An element
    /// that is not there (an index out of range, a member of `nil`) is left alone, as generated code guards it.
    func modify(_ target: Expr, _ f: Frame, _ body: (inout Value) throws(Stop) -> Void) throws(Stop) {
        switch target.kind {
        case .parenthesized(let inner):
            try modify(inner, f, body)
        case .name(let id):
            try modifyField(id.name, resolution: model.resolutions[target.id], f, at: target.span, body)
        case .member(let base, let member):
            if case .contextValue? = model.resolutions[base.id] {
                try modifyField(member.name, resolution: model.resolutions[target.id], f, at: target.span, body)
                return
            }
            try modify(base, f) { (value: inout Value) throws(Stop) in
                guard case .record(var fields) = value, var current = fields[member.name] else { return }
                try body(&current)
                fields[member.name] = current
                value = .record(fields)
            }
        case .subscripted(let base, let index):
            let key = try eval(index, f)
            try modify(base, f) { (value: inout Value) throws(Stop) in
                switch value {
                case .array(var elements):
                    guard case .int(let i) = key, elements.indices.contains(i) else { return }
                    try body(&elements[i])
                    value = .array(elements)
                case .dictionary(var entries):
                    var current = entries[key] ?? .none
                    try body(&current)
                    entries[key] = current.isNone ? nil : current
                    value = .dictionary(entries)
                default:
                    return
                }
            }
        case .subscriptDefault(let base, let keyExpr, let fallback):
            let key = try eval(keyExpr, f)
            let fallbackValue = try eval(fallback, f)
            try modify(base, f) { (value: inout Value) throws(Stop) in
                guard case .dictionary(var entries) = value else { return }
                var current = entries[key] ?? fallbackValue
                try body(&current)
                entries[key] = current
                value = .dictionary(entries)
            }
        default:
            throw .failure("this cannot be assigned", at: target.span)
        }
    }

    private func modifyField(_ name: String, resolution: NameResolution?, _ f: Frame, at span: Span,
                             _ body: (inout Value) throws(Stop) -> Void) throws(Stop) {
        switch resolution {
        case .stateField(let n)?:
            guard var state = f.state, var current = state[n] else { throw .failure("`\(n)` is not a field here", at: span) }
            try body(&current)
            state[n] = current
            f.state = state
        case .local(let n)?:
            guard let i = f.locals.lastIndex(where: { $0.name == n }) else { throw .failure("`\(n)` is not a constant here", at: span) }
            try body(&f.locals[i].value)
        default:
            throw .failure("`\(name)` cannot be assigned", at: span)
        }
    }
}
