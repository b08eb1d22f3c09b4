import EVDLSyntax

/// Numbers: conversions between `Int`, `Decimal` and `Double`, `min`, `max`, `abs`, and rounding.
///
/// Rounding rule (documented in `Grammar/Reference.md`): `Int(x)` of a `Decimal` or `Double` rounds toward zero and
/// saturates at `Int`'s bounds (a `Double` that is not a number gives 0); `Decimal(x)` of a `Double` keeps its
/// shortest decimal spelling; `rounded(scale: n)` rounds half away from zero to `n` fractional digits.
extension Checker {
    /// The built-in functions callable by a bare name.
    static let builtinFunctions: Set<String> = ["Int", "Decimal", "Double", "min", "max", "abs"]

    /// `Int(x)`, `Decimal(x)`, `Double(x)`, `min(a, b)`, `max(a, b)`, `abs(x)`.
    func checkBuiltinCall(_ call: Expr, callee: Expr, name: String, arguments: [CallArgument], _ scope: Scope, expected: SemType?) -> SemType {
        resolutions[callee.id] = .builtinFunction(name)
        switch name {
        case "Int", "Decimal", "Double":
            let target: SemType = name == "Int" ? .int : name == "Decimal" ? .decimal : .double
            expressionTypes[callee.id] = target
            guard arguments.count == 1, arguments[0].label == nil else {
                report(SemaDiagnostics.wrongArgumentCount(name, found: arguments.count, at: callee.span, help: "write `\(name)(quantity)`"))
                for a in arguments { check(a.value, scope) }
                return target
            }
            let t = check(arguments[0].value, scope, expected: target)
            if !t.isNumeric && !t.containsError {
                report(SemaDiagnostics.invalidConversion(from: t, to: target, at: arguments[0].value.span))
            }
            return target
        case "min", "max":
            guard arguments.count == 2, arguments.allSatisfy({ $0.label == nil }) else {
                report(SemaDiagnostics.wrongMethodArguments(name, at: callee.span, help: "write `\(name)(a, b)`: two values of one type"))
                for a in arguments { check(a.value, scope) }
                return .error
            }
            let (l, r) = checkPair(arguments[0].value, arguments[1].value, scope, hint: expected?.unwrapped)
            if l.containsError || r.containsError { return .error }
            guard let t = widened(l, r), t.isComparable else {
                report(SemaDiagnostics.invalidOperands(name, l, r, at: call.span, help: "`\(name)` takes two numbers, strings, dates or durations of one type"))
                return .error
            }
            expressionTypes[callee.id] = t
            return t
        default:  // "abs"
            guard arguments.count == 1, arguments[0].label == nil else {
                report(SemaDiagnostics.wrongArgumentCount(name, found: arguments.count, at: callee.span, help: "write `abs(balance)`"))
                for a in arguments { check(a.value, scope) }
                return .error
            }
            let t = check(arguments[0].value, scope, expected: numericContext(expected))
            guard t.isNumeric || t == .duration || t.containsError else {
                report(SemaDiagnostics.invalidOperand("abs", t, at: call.span))
                return .error
            }
            expressionTypes[callee.id] = t
            return t
        }
    }

    /// `amount.rounded()` and `amount.rounded(scale: 2)` on a `Decimal` or `Double`.
    func checkRounded(callee: Expr, baseType: SemType, arguments: [CallArgument], _ scope: Scope) -> SemType {
        resolutions[callee.id] = .builtinMember("rounded")
        if arguments.count == 1, arguments[0].label?.name == "scale" {
            check(arguments[0].value, scope, against: .int)
        } else if !arguments.isEmpty {
            report(SemaDiagnostics.wrongMethodArguments("rounded", at: callee.span, help: "write `rounded()` or `rounded(scale: 2)`"))
            for a in arguments { check(a.value, scope) }
        }
        return baseType
    }

    /// The common type of two operands, `Int` widening to `Decimal` or `Double` (a whole number is exact in both);
    /// `nil` when they have no common type.
    func widened(_ l: SemType, _ r: SemType) -> SemType? {
        if l == r { return l }
        if l == .int, r == .decimal || r == .double { return r }
        if r == .int, l == .decimal || l == .double { return l }
        return nil
    }
}
