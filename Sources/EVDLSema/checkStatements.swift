import EVDLSyntax

extension Checker {
    /// Checks a block in a new block scope for `let` constants.
    func checkBlock(_ block: Block, _ scope: inout Scope) {
        scope.pushBlock()
        for statement in block.statements { checkStatement(statement, &scope) }
        scope.popBlock()
    }

    func checkStatement(_ s: Stmt, _ scope: inout Scope) {
        switch s.kind {
        case .require(let condition, let message):
            if scope.context != .decide {
                report(SemaDiagnostics.requireOutsideDecide(in: scope.context.description, at: s.span))
            }
            checkCondition(condition, scope, clause: "require")
            check(message, scope, against: .string)
        case .emit(let literal):
            guard scope.context == .decide, let aggregate = scope.aggregate, let command = scope.command else {
                report(SemaDiagnostics.emitOutsideDecide(in: scope.context.description, at: s.span))
                checkArgumentValuesOnly(literal, scope)
                return
            }
            checkEmit(literal, aggregate: aggregate, command: command, scope)
        case .ifElse(let condition, let then, let elseBranch):
            checkCondition(condition, scope, clause: "if")
            checkBlock(then, &scope)
            switch elseBranch {
            case .block(let block)?: checkBlock(block, &scope)
            case .elseIf(let nested)?: checkStatement(nested, &scope)
            case nil: break
            }
        case .assign(let target, let op, let value):
            checkAssignment(s, target: target, op: op, value: value, scope)
        case .letBinding(let name, let written, let value):
            let t: SemType
            if let written {
                let declared = resolveType(written, from: nil)
                check(value, scope, against: declared)
                t = declared
            } else {
                t = check(value, scope)
            }
            if t == .nilLiteral || t == .emptyCollection {
                report(SemaDiagnostics.cannotInfer("`\(name.name)`", at: value.span))
            }
            if name.name == "_" {
                // `let _ = value`: the value is computed and dropped, as in Swift; `_` names nothing.
            } else if let first = scope.declareLocal(name.name, type: t == .nilLiteral || t == .emptyCollection ? .error : t, span: name.span) {
                report(SemaDiagnostics.duplicateMember("constant", name.name, in: "this block", at: name.span, first: first))
            } else if !t.containsError {
                declaredLocals.append(name)
            }
        case .call(let call):
            checkCallStatement(s, call: call, scope)
        case .ifLet(let bindings, let then, let elseBranch):
            checkIfLet(bindings, then: then, otherwise: elseBranch, &scope)
        case .switchStmt(let subject, let cases):
            checkSwitch(s, subject: subject, cases: cases, &scope)
        case .delete:
            if scope.context == .projectionHandler {
                scope.deletes = true
            } else {
                report(SemaDiagnostics.deleteOutsideProjection(in: scope.context.description, at: s.span))
            }
        case .error:
            break
        }
    }

    private func checkAssignment(_ s: Stmt, target: Expr, op: AssignmentOperator, value: Expr, _ scope: Scope) {
        if scope.context == .decide {
            report(SemaDiagnostics.assignmentInDecide(op.rawValue, at: s.span))
            check(target, scope)
            check(value, scope)
            return
        }
        guard let t = checkAssignable(target, scope) else {
            check(value, scope)
            return
        }
        expressionTypes[target.id] = t
        switch op {
        case .assign:
            check(value, scope, against: t)
        case .add, .subtract, .multiply, .divide:
            let binary: BinaryOperator = op == .add ? .add : op == .subtract ? .subtract : op == .multiply ? .multiply : .divide
            let v = check(value, scope, expected: t)
            if t.containsError || v.containsError { return }
            if arithmeticResult(binary, t, v) != t {
                var help = t.isNumeric && v.isNumeric ? SemaDiagnostics.helpConvert(to: t) : nil
                if case .array = t, op == .subtract {
                    help = "arrays have no `-=`: remove elements with `removeAll(where: { … })`"
                } else if case .array = t, op == .add {
                    help = "append an element with `append(x)`, or add an array of the same element type with `+=`"
                } else if case .optional(let wrapped) = t, arithmeticResult(binary, wrapped, v) == wrapped {
                    // `expiresAt += 7d` on a `Date?`: the operator would work on the value if it were there.
                    let name = if case .name(let id) = target.kind { id.name } else { "x" }
                    help = "`\(name)` is optional: write `\(name) = (\(name) ?? …) \(binary.rawValue) …`, or change it inside `if let`"
                }
                report(SemaDiagnostics.invalidOperands(op.rawValue, t, v, at: s.span, help: help))
            }
        }
    }

    /// Checks an assignment target and returns its type, or `nil` after reporting why it cannot be assigned.
    func checkAssignable(_ target: Expr, _ scope: Scope) -> SemType? {
        switch target.kind {
        case .name(let id):
            guard let binding = scope.lookup(id.name) else {
                _ = resolveValueName(id, scope, expected: nil)
                expressionTypes[target.id] = .error
                return nil
            }
            resolutions[target.id] = binding.resolution
            expressionTypes[target.id] = binding.type
            if binding.assignable { return binding.type }
            reportNotAssignable(id.name, binding.resolution, at: target.span, scope)
            return nil
        case .member(let base, let member):
            if case .name(let baseName) = base.kind, let value = scope.contextValues[baseName.name], !scope.hasValue(baseName.name) {
                let t = check(target, scope)
                guard value.type(of: member.name) != nil else { return nil }
                if value.assignable { return t }
                reportNotAssignable("\(baseName.name).\(member.name)", value.kind.resolution(member.name), at: target.span, scope)
                return nil
            }
            guard let baseType = checkAssignable(base, scope) else { return nil }
            expressionTypes[base.id] = baseType
            if case .record(let r) = baseType, let field = symbols.records[r]?.fields[member.name] {
                resolutions[target.id] = .recordField(member.name)
                expressionTypes[target.id] = field.type
                return field.type
            }
            let t = check(target, scope)
            if !t.containsError {
                report(SemaDiagnostics.assignToMember(member.name, of: baseType, at: target.span))
            }
            return nil
        case .subscripted(let base, let index):
            guard let baseType = checkAssignable(base, scope) else { check(index, scope); return nil }
            expressionTypes[base.id] = baseType
            switch baseType {
            case .array(let element):
                check(index, scope, against: .int)
                expressionTypes[target.id] = element
                return element
            case .dictionary(let k, let v):
                check(index, scope, against: k)
                expressionTypes[target.id] = .optional(v)
                return .optional(v)
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .optional, .record, .enumeration, .message,
                 .nilLiteral, .emptyCollection, .error, .result:
                let t = check(target, scope)
                if !t.containsError { report(SemaDiagnostics.invalidSubscript(baseType, at: base.span)) }
                return nil
            }
        case .subscriptDefault(let base, let key, let fallback):
            // `counts[tag, default: 0] += 1`
            guard let baseType = checkAssignable(base, scope) else { check(key, scope); check(fallback, scope); return nil }
            expressionTypes[base.id] = baseType
            guard case .dictionary(let k, let v) = baseType else {
                let t = check(target, scope)
                if !t.containsError { report(SemaDiagnostics.invalidSubscript(baseType, at: base.span)) }
                return nil
            }
            check(key, scope, against: k)
            check(fallback, scope, against: v)
            expressionTypes[target.id] = v
            return v
        case .parenthesized(let inner):
            return checkAssignable(inner, scope)
        case .integer, .decimal, .string, .bool, .nilLiteral, .implicitMember, .call, .unary, .binary, .array, .dictionary,
             .duration, .optionalMember, .closure, .conditional:
            let t = check(target, scope)
            if !t.containsError { report(SemaDiagnostics.assignToExpression(at: target.span)) }
            return nil
        case .error:
            return nil
        }
    }

    private func reportNotAssignable(_ name: String, _ resolution: NameResolution, at span: Span, _ scope: Scope) {
        let stateWord = scope.context == .projectionHandler ? "row" : "state"
        switch resolution {
        case .eventField:
            report(SemaDiagnostics.assignToEventField(name, stateWord: stateWord, at: span))
        case .identity:
            report(SemaDiagnostics.assignToIdentity(name, what: scope.context == .projectionHandler ? "row's key" : "aggregate's id", at: span))
        case .local:
            report(SemaDiagnostics.assignToConstant(name, at: span))
        case .contextValue:
            report(SemaDiagnostics.assignToContextValue(name, at: span))
        case .commandField, .stateField, .now, .parameter, .sagaInput, .stepResult, .enumCase, .recordField, .builtinMember, .closureParameter,
             .builtinFunction, .typeInitializer:
            report(SemaDiagnostics.assignToReadOnly(name, stateWord: stateWord, at: span))
        }
    }
}
