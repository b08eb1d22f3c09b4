import EVDLSema
import EVDLSyntax

extension Translator {
    /// A field default or other context-free value.
    func translateConstant(_ e: Expr, expected: SemType?) -> SwiftExpr {
        translateExpression(e, in: ExpressionScope(context: .constant), expected: expected)
    }

    /// Translates a spec expression. `expected` is the type the context wants (it decides how a decimal literal
    /// is written); names are written qualified (`command.total`, `state.status`, `row.spent`), so spec names never
    /// collide with the generated parameters.
    func translateExpression(_ e: Expr, in scope: ExpressionScope, expected: SemType? = nil) -> SwiftExpr {
        switch e.kind {
        case .integer(let text):
            return .integer(text)
        case .decimal(let text):
            return decimalLiteral(text, type: model.expressionTypes[e.id] ?? expected)
        case .string(let segments):
            return .string(segments.map { segment in
                switch segment {
                case .text(let text): return .text(text)
                case .interpolation(let inner): return .interpolation(interpolated(inner, in: scope))
                }
            })
        case .bool(let value):
            return .bool(value)
        case .nilLiteral:
            return .nilLiteral
        case .name(let identifier):
            return translateName(identifier.name, id: e.id, in: scope)
        case .member(let base, let member):
            return translateMember(base: base, member: member.name, id: e.id, in: scope)
        case .implicitMember(let identifier):
            return .implicitMember(identifier.name)
        case .call(let callee, let arguments):
            if let builtin = translateBuiltinCall(e, callee: callee, arguments: arguments, in: scope) { return builtin }
            let parameterTypes = calleeParameterTypes(callee, in: scope)
            return .call(translateExpression(callee, in: scope), arguments.map { argument in
                let label = argument.label?.name
                let expectedType = label.flatMap { parameterTypes[$0] }
                return SwiftArgument(label: label, value: translateExpression(argument.value, in: scope, expected: expectedType))
            })
        case .subscripted(let base, let indexExpr):
            if case .array? = typeOf(base, in: scope)?.unwrappedType {
                // Reading an array never traps: `element(at:)` is `nil` out of range (also in an optional chain,
                // `a?.tags.element(at: 0)`, whose base's type is optional).
                return .call(.member(translateExpression(base, in: scope), "element"),
                             [SwiftArgument(label: "at", value: translateExpression(indexExpr, in: scope, expected: .int))])
            }
            return .subscripted(translateExpression(base, in: scope), translateExpression(indexExpr, in: scope))
        case .subscriptDefault(let base, let key, let fallback):
            var keyType: SemType?
            var valueType: SemType?
            if case .dictionary(let k, let v)? = typeOf(base, in: scope)?.unwrappedType { keyType = k; valueType = v }
            return .subscriptArguments(translateExpression(base, in: scope), [
                SwiftArgument(value: translateExpression(key, in: scope, expected: keyType)),
                SwiftArgument(label: "default", value: translateExpression(fallback, in: scope, expected: valueType)),
            ])
        case .duration(let literal):
            return durationLiteral(literal)
        case .optionalMember(let base, let member):
            if let ordered = dictionaryView(base: base, member: member.name, id: e.id, optional: true, in: scope) { return ordered }
            return .optionalMember(translateExpression(base, in: scope), member.name)
        case .closure(let parameter, let body):
            return lambda(parameter: parameter, body: body, in: scope)
        case .conditional(let condition, let then, let otherwise):
            let type = model.expressionTypes[e.id] ?? expected
            return .conditional(translateExpression(condition, in: scope, expected: .bool),
                                widenedOperand(then, to: type, in: scope), widenedOperand(otherwise, to: type, in: scope))
        case .unary(let op, let operand):
            switch op {
            case .not: return .not(translateExpression(operand, in: scope, expected: .bool))
            case .negate:
                if typeOf(operand, in: scope)?.unwrappedType == .duration {
                    // Swift's `Duration` has no prefix `-`: `-d` is `Duration.zero - d`, within the bounds (`SpecMath`).
                    if typeOf(operand, in: scope) == .duration {
                        return saturating("negate", [translateExpression(operand, in: scope, expected: .duration)])
                    }
                    return .binary(.subtract, .member(.verbatim("Duration"), "zero"), translateExpression(operand, in: scope, expected: .duration))
                }
                if typeOf(operand, in: scope) == .int, !(ExprFacts.isNumberLiteral(operand) || typedByContext(operand, expected: expected)) {
                    return saturating("negate", [translateExpression(operand, in: scope, expected: .int)])
                }
                return .negate(translateExpression(operand, in: scope, expected: expected))
            }
        case .binary(let op, let lhs, let rhs):
            let lhsType = typeOf(lhs, in: scope)
            let rhsType = typeOf(rhs, in: scope)
            if op == .subtract, lhsType == .date, rhsType == .date { return translateDateDifference(lhs, rhs, in: scope) }
            if let total = translateSaturatingBinary(e, op, lhs, lhsType, rhs, rhsType, expected: expected, in: scope) { return total }
            if let mixed = translateMixedBinary(op, lhs, lhsType, rhs, rhsType, in: scope) { return mixed }
            return .binary(
                swiftBinaryOperator(op),
                translateExpression(lhs, in: scope, expected: lhsType ?? rhsType.map(unwrapped) ?? expected),
                translateExpression(rhs, in: scope, expected: rhsType ?? lhsType.map(unwrapped) ?? expected)
            )
        case .array(let elements):
            let element: SemType? = if case .array(let t)? = expected { t } else { nil }
            return .array(elements.map { translateExpression($0, in: scope, expected: element) })
        case .dictionary(let entries):
            var keyType: SemType?
            var valueType: SemType?
            if case .dictionary(let k, let v)? = expected { keyType = k; valueType = v }
            if let unique = uniquedDictionary(entries, keyType: keyType, valueType: valueType, in: scope) { return unique }
            return .dictionary(entries.map {
                SwiftDictionaryEntry(key: translateExpression($0.key, in: scope, expected: keyType),
                                     value: translateExpression($0.value, in: scope, expected: valueType))
            })
        case .parenthesized(let inner):
            return .parenthesized(translateExpression(inner, in: scope, expected: expected))
        case .error:
            return .verbatim("<error>")
        }
    }

    private func unwrapped(_ t: SemType) -> SemType {
        if case .optional(let wrapped) = t { return wrapped }
        return t
    }

    /// `\(x)` of an optional prints `Optional(…)` and warns; say so explicitly with `String(describing:)`.
    private func interpolated(_ e: Expr, in scope: ExpressionScope) -> SwiftExpr {
        let value = translateExpression(e, in: scope)
        if case .optional? = typeOf(e, in: scope) {
            return .call(.verbatim("String"), [SwiftArgument(label: "describing", value: value)])
        }
        return value
    }

    /// A decimal literal: exact for `Decimal` (`Decimal(sign:exponent:significand:)`, no detour through `Double`),
    /// as written otherwise.
    private func decimalLiteral(_ text: String, type: SemType?) -> SwiftExpr {
        guard type == .decimal || type == .optional(.decimal) else { return .float(text) }
        let digits = text.filter { $0 != "_" }
        let parts = digits.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var significand = String(parts[0]) + fraction
        while significand.count > 1, significand.first == "0" { significand.removeFirst() }
        return .call(.verbatim("Decimal"), [
            SwiftArgument(label: "sign", value: .implicitMember("plus")),
            SwiftArgument(label: "exponent", value: .integer(fraction.isEmpty ? "0" : "-\(fraction.count)")),
            SwiftArgument(label: "significand", value: .integer(significand)),
        ])
    }

    func swiftBinaryOperator(_ op: BinaryOperator) -> SwiftBinaryOperator {
        switch op {
        case .coalesce: .coalesce
        case .or: .or
        case .and: .and
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .remainder: .remainder
        }
    }

    /// The field types of a declared type's initializer, by label, so its arguments get their expected types.
    private func calleeParameterTypes(_ callee: Expr, in scope: ExpressionScope) -> [String: SemType] {
        guard case .name(let identifier) = callee.kind, let d = index.types[identifier.name] else { return [:] }
        var result: [String: SemType] = [:]
        for field in d.fields { result[field.name.name] = index.semType(field.type) }
        return result
    }

    /// A bare name; `resolution` is the checker's answer for a shorthand argument, which has no expression id.
    func translateName(_ name: String, id: ExprID?, in scope: ExpressionScope, resolution known: NameResolution? = nil) -> SwiftExpr {
        guard let resolution = known ?? resolve(name, id: id, in: scope) else { return .identifier(name) }
        switch resolution {
        case .commandField(let field):
            return .member(.identifier("command"), field)
        case .stateField(let field):
            return .member(.identifier(rowOrState(scope)), field)
        case .identity(let field):
            switch scope.context {
            case .decide: return .member(.identifier("command"), field)
            case .apply, .saga, .sagaStart, .policy: return .member(.identifier("event"), field)
            case .projection, .query, .constant: return .member(.identifier("row"), field)
            }
        case .eventField(let field):
            return .member(.identifier("event"), field)
        case .now:
            return .member(.identifier("context"), "now")
        case .local(let local), .parameter(let local):
            return .identifier(Naming.local(local))
        case .sagaInput(let field):
            return .member(.identifier("input"), field)
        case .stepResult(let binding):
            return boundResult(binding)
        case .recordField(let field), .builtinMember(let field), .builtinFunction(let field):
            return .identifier(field)
        case .enumCase(_, let caseName):
            return .implicitMember(caseName)
        case .contextValue(let value):
            return .identifier(value)
        case .typeInitializer(let typeName):
            return .type(recordType(typeName))
        case .closureParameter(let parameter):
            return parameter.hasPrefix("$") ? .verbatim(parameter) : .identifier(Naming.local(parameter))
        }
    }

    private func rowOrState(_ scope: ExpressionScope) -> String {
        switch scope.context {
        case .decide, .apply, .constant, .saga, .sagaStart, .policy: "state"
        case .projection, .query: "row"
        }
    }

    private func translateMember(base: Expr, member: String, id: ExprID, in scope: ExpressionScope) -> SwiftExpr {
        if let ordered = dictionaryView(base: base, member: member, id: id, optional: false, in: scope) { return ordered }
        if case .name(let b) = base.kind {
            if index.enums[b.name] != nil, resolve(b.name, id: base.id, in: scope) == nil {
                return .member(.type(recordType(b.name)), member)
            }
        }
        return .member(translateExpression(base, in: scope), member)
    }

    /// A dictionary's `keys` and `values` in a deterministic order (by key), as arrays: Swift's own order changes from
    /// one process to the next, and decide and apply must not. Also through an optional chain (`a?.counts.keys`,
    /// `counts?.keys`), where the base's type is optional. `nil` when `member` is not one of these.
    private func dictionaryView(base: Expr, member: String, id: ExprID, optional: Bool, in scope: ExpressionScope) -> SwiftExpr? {
        guard member == "keys" || member == "values", case .builtinMember? = model.resolutions[id],
              case .dictionary? = typeOf(base, in: scope)?.unwrappedType else { return nil }
        let name = member == "keys" ? "sortedKeys" : "valuesBySortedKey"
        let receiver = translateExpression(base, in: scope)
        return optional ? .optionalMember(receiver, name) : .member(receiver, name)
    }
}
