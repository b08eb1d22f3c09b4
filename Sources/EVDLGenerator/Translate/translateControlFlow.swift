import EVDLSema
import EVDLSyntax

/// Assignments (with bounds-checked array elements and time arithmetic), mutating calls, `if let` and `switch`.
extension Translator {
    /// `target op value`. An array element in the target is assigned only when its index is in range (reading one is
    /// `nil` out of range; writing one out of range changes nothing), so generated code never traps.
    func translateAssignment(target: Expr, op: AssignmentOperator, value: Expr, in scope: ExpressionScope) -> [SwiftStmt] {
        let targetType = typeOf(target, in: scope)
        var checks: [SwiftExpr] = []
        var hoisted: [SwiftStmt] = []
        let lvalue = translateLValue(target, checks: &checks, hoisted: &hoisted, in: scope)
        let valueType = typeOf(value, in: scope)
        let statement: SwiftStmt
        switch (op, targetType, valueType) {
        case (.add, .date?, .duration?), (.subtract, .date?, .duration?):
            statement = .assign(target: lvalue, op: "=", value: .call(.member(lvalue, op == .add ? "adding" : "subtracting"),
                                                                      [SwiftArgument(value: translateExpression(value, in: scope))]))
        case (.add, _, _), (.subtract, _, _), (.multiply, _, _), (.divide, _, _):
            statement = saturatingAssignment(lvalue, op, targetType, value, valueType, in: scope)
                ?? .assign(target: lvalue, op: op.rawValue, value: widenedOperand(value, to: targetType, in: scope))
        case (.assign, _, _):
            let translated: SwiftExpr = valueType == .int && (targetType == .decimal || targetType == .double)
                ? widenedOperand(value, to: targetType, in: scope)
                : translateExpression(value, in: scope, expected: targetType)
            statement = .assign(target: lvalue, op: "=", value: translated)
        }
        return guarded(hoisted.isEmpty ? statement : .scope(hoisted + [statement]), checks: checks)
    }

    /// `items.append(x)`, `items.removeAll(where: …)`, `counts.removeValue(forKey: k)`.
    func translateCallStatement(_ call: Expr, in scope: ExpressionScope) -> [SwiftStmt] {
        guard case .call(let callee, let arguments) = call.kind, case .member(let base, let member) = callee.kind else { return [] }
        var checks: [SwiftExpr] = []
        var hoisted: [SwiftStmt] = []
        let receiver = translateLValue(base, checks: &checks, hoisted: &hoisted, in: scope)
        var element: SemType?
        if case .array(let t)? = typeOf(base, in: scope) { element = t }
        var keyType: SemType?
        if case .dictionary(let k, _)? = typeOf(base, in: scope) { keyType = k }
        let method = member.name == "remove" ? "removeAll" : member.name
        let translatedArguments = arguments.map { a in
            SwiftArgument(label: a.label?.name, value: translateExpression(a.value, in: scope, expected: method == "append" ? element : keyType))
        }
        if method == "removeAll", translatedArguments.contains(where: { Self.readsRoot($0.value) }) {
            // `lines.removeAll(where: { $0.n > lines.count })`: the closure reads the state (or row) while the call
            // changes it, which Swift refuses (overlapping accesses). Change a copy, then store it: the closure sees
            // the value before the change.
            let changed = SwiftExpr.identifier("changed")
            return guarded(.scope(hoisted + [
                .variable(name: "changed", type: nil, value: receiver),
                .expression(.call(.member(changed, method), translatedArguments)),
                .assign(target: receiver, op: "=", value: changed),
            ]), checks: checks)
        }
        let statement = SwiftStmt.expression(.call(.member(receiver, method), translatedArguments))
        return guarded(hoisted.isEmpty ? statement : .scope(hoisted + [statement]), checks: checks)
    }

    /// `if let a = x, let b = y { … } else …`.
    func translateIfLet(_ bindings: [OptionalBinding], then: Block, otherwise: ElseBranch?, in scope: ExpressionScope) -> SwiftStmt {
        var inner = scope
        var translated: [SwiftOptionalBinding] = []
        for binding in bindings {
            let bound = model.unusedLocals.contains(binding.name.span) ? "_" : Naming.local(binding.name.name)
            translated.append(SwiftOptionalBinding(name: bound, value: translateExpression(binding.value, in: inner)))
            if case .optional(let wrapped)? = typeOf(binding.value, in: inner) { inner.locals[binding.name.name] = wrapped } else { inner.locals[binding.name.name] = .error }
        }
        let elseStatements: [SwiftStmt]?
        switch otherwise {
        case nil: elseStatements = nil
        case .block(let block)?: elseStatements = translateBlock(block, in: scope)
        case .elseIf(let nested)?:
            var nestedScope = scope
            elseStatements = translateStatement(nested, in: &nestedScope)
        }
        return .ifLets(bindings: translated, then: translateBlock(then, in: inner), else: elseStatements)
    }

    /// `switch subject { case …: … default: … }` (exhaustive: the checker made sure).
    func translateSwitch(subject: Expr, cases: [SwitchCase], in scope: ExpressionScope) -> SwiftStmt {
        let subjectType = typeOf(subject, in: scope)
        let translatedCases = cases.map { c -> SwiftSwitchCase in
            let pattern: SwiftPattern
            if c.isDefault {
                pattern = .defaultCase
            } else {
                let values = c.patterns.map { p -> SwiftExpr in
                    if case .enumCase(_, let caseName)? = model.resolutions[p.id] { return .implicitMember(caseName) }
                    return translateExpression(p, in: scope, expected: subjectType)
                }
                pattern = values.count == 1 ? .value(values[0]) : .alternatives(values)
            }
            return SwiftSwitchCase(pattern: pattern, body: translateBlock(c.body, in: scope))
        }
        return .switchStmt(subject: translateExpression(subject, in: scope), cases: translatedCases)
    }

    /// An assignable expression written as a Swift l-value: array elements subscripted directly, with the checks that
    /// their indices are in range collected in `checks`.
    /// An assignment target. `checks` collects the index checks that keep it from trapping; `hoisted` the `let`s that
    /// must come before it (a `default:` that reads the state or row, which Swift would evaluate while the dictionary
    /// is being changed: overlapping accesses).
    func translateLValue(_ e: Expr, checks: inout [SwiftExpr], hoisted: inout [SwiftStmt], in scope: ExpressionScope) -> SwiftExpr {
        switch e.kind {
        case .member(let base, let member):
            if case .name(let b) = base.kind, contextFields(b.name, in: scope) != nil {
                return translateExpression(e, in: scope)
            }
            return .member(translateLValue(base, checks: &checks, hoisted: &hoisted, in: scope), member.name)
        case .subscripted(let base, let index):
            let collection = translateLValue(base, checks: &checks, hoisted: &hoisted, in: scope)
            if case .array? = typeOf(base, in: scope) {
                let i = translateExpression(index, in: scope, expected: .int)
                checks.append(.call(.member(.member(collection, "indices"), "contains"), [SwiftArgument(value: i)]))
                return .subscripted(collection, i)
            }
            var keyType: SemType?
            if case .dictionary(let k, _)? = typeOf(base, in: scope) { keyType = k }
            return .subscripted(collection, translateExpression(index, in: scope, expected: keyType))
        case .subscriptDefault(let base, let key, let fallback):
            let collection = translateLValue(base, checks: &checks, hoisted: &hoisted, in: scope)
            var keyType: SemType?
            var valueType: SemType?
            if case .dictionary(let k, let v)? = typeOf(base, in: scope) { keyType = k; valueType = v }
            var value = translateExpression(fallback, in: scope, expected: valueType)
            if Self.readsRoot(value) {
                // `counts[k, default: counts.count] += 1`: read the default before the dictionary changes.
                let name = hoisted.isEmpty ? "fallback" : "fallback_\(hoisted.count)"
                hoisted.append(.constant(name: name, type: valueType.map(swiftType), value: value))
                value = .identifier(name)
            }
            return .subscriptArguments(collection, [
                SwiftArgument(value: translateExpression(key, in: scope, expected: keyType)),
                SwiftArgument(label: "default", value: value),
            ])
        case .parenthesized(let inner):
            return translateLValue(inner, checks: &checks, hoisted: &hoisted, in: scope)
        case .name, .integer, .decimal, .string, .bool, .nilLiteral, .implicitMember, .call, .unary, .binary, .array,
             .dictionary, .duration, .optionalMember, .closure, .conditional, .error:
            return translateExpression(e, in: scope)
        }
    }

    private func guarded(_ statement: SwiftStmt, checks: [SwiftExpr]) -> [SwiftStmt] {
        guard let first = checks.first else { return [statement] }
        let condition = checks.dropFirst().reduce(first) { .binary(.and, $0, $1) }
        return [.ifElse(condition: condition, then: [statement], else: nil)]
    }

    /// Whether a generated expression reads the state or row being changed (a spec local of that name is renamed, so
    /// these identifiers are always the roots).
    static func readsRoot(_ e: SwiftExpr) -> Bool {
        SwiftExprFacts.mentions(e, "state") || SwiftExprFacts.mentions(e, "row")
    }
}
