import EVDLSema
import EVDLSyntax

/// `Int` and `Duration` arithmetic that never traps: `SpecMath.add(a, b)` where Swift's `a + b` would trap on
/// overflow or on a zero divisor (the rules are `SpecMath`'s, in `EVDLRuntime/Support/SpecArithmetic.swift`).
extension Translator {
    /// `SpecMath.name(arguments…)`.
    func saturating(_ name: String, _ arguments: [SwiftExpr]) -> SwiftExpr {
        .call(.member(.verbatim("SpecMath"), name), arguments.map { SwiftArgument(value: $0) })
    }

    /// The `SpecMath` function of an arithmetic operator.
    func saturatingName(_ op: BinaryOperator) -> String? {
        switch op {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .remainder: "remainder"
        case .coalesce, .or, .and, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: nil
        }
    }

    /// Whether `e` is arithmetic of literals (conditionals of them too) that Swift types from a `Decimal` or `Double`
    /// context (`let rate: Decimal = 1 / 3`): not `Int` arithmetic, so left to Swift's operators.
    func typedByContext(_ e: Expr, expected: SemType?) -> Bool {
        guard ExprFacts.isLiteralArithmetic(e), let expected else { return false }
        return expected.unwrappedType == .decimal || expected.unwrappedType == .double
    }

    /// `a + b` of two `Int`s (literals too: `1 / 0` compiles, and gives 0, as `SpecMath.divide(1, 0)`), `d ± e` of
    /// durations, `d * n`, `n * d` and `d / n`: through `SpecMath`. `nil` for other operands, and for literal
    /// arithmetic a `Decimal` or `Double` context types.
    func translateSaturatingBinary(_ e: Expr, _ op: BinaryOperator, _ lhs: Expr, _ lhsType: SemType?, _ rhs: Expr, _ rhsType: SemType?,
                                   expected: SemType?, in scope: ExpressionScope) -> SwiftExpr? {
        guard let name = saturatingName(op), let l = lhsType, let r = rhsType else { return nil }
        switch (l, r) {
        case (.int, .int):
            if typedByContext(e, expected: expected) { return nil }
            return saturating(name, [translateExpression(lhs, in: scope, expected: .int), translateExpression(rhs, in: scope, expected: .int)])
        case (.duration, .duration) where op == .add || op == .subtract:
            return saturating(name, [translateExpression(lhs, in: scope, expected: .duration), translateExpression(rhs, in: scope, expected: .duration)])
        case (.duration, .int) where op == .multiply || op == .divide:
            return saturating(name, [translateExpression(lhs, in: scope, expected: .duration), translateExpression(rhs, in: scope, expected: .int)])
        case (.int, .duration) where op == .multiply:
            return saturating(name, [translateExpression(rhs, in: scope, expected: .duration), translateExpression(lhs, in: scope, expected: .int)])
        default:
            return nil
        }
    }

    /// `x += y` (and `-=`, `*=`, `/=`) of an `Int` or a duration: `x = SpecMath.add(x, y)`; `nil` for other types.
    func saturatingAssignment(_ lvalue: SwiftExpr, _ op: AssignmentOperator, _ targetType: SemType?, _ value: Expr, _ valueType: SemType?,
                              in scope: ExpressionScope) -> SwiftStmt? {
        let binary: BinaryOperator
        switch op {
        case .add: binary = .add
        case .subtract: binary = .subtract
        case .multiply: binary = .multiply
        case .divide: binary = .divide
        case .assign: return nil
        }
        guard let name = saturatingName(binary) else { return nil }
        switch (targetType, valueType) {
        case (.int?, .int?),
             (.duration?, .duration?) where binary == .add || binary == .subtract,
             (.duration?, .int?) where binary == .multiply || binary == .divide:
            let operand = translateExpression(value, in: scope, expected: valueType)
            return .assign(target: lvalue, op: "=", value: saturating(name, [lvalue, operand]))
        default:
            return nil
        }
    }
}
