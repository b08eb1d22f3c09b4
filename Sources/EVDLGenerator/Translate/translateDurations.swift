import EVDLSema
import EVDLSyntax

/// Durations and time arithmetic: `30m` is a `Duration`; `Date ± Duration`, `Date − Date`; and `Int` operands widened
/// next to a `Decimal` or `Double`.
extension Translator {
    /// `30m` → `.seconds(1800)`, `500ms` → `.milliseconds(500)`.
    func durationLiteral(_ literal: DurationLiteral) -> SwiftExpr {
        let ms = literal.totalMilliseconds
        if ms % 1000 == 0 {
            return .call(.member(.verbatim("Duration"), "seconds"), [SwiftArgument(value: .integer(String(ms / 1000)))])
        }
        return .call(.member(.verbatim("Duration"), "milliseconds"), [SwiftArgument(value: .integer(String(ms)))])
    }

    /// A binary operation whose operands have different types (time arithmetic, `Decimal * Int`); `nil` when both
    /// sides have one type and Swift's operator applies as written.
    func translateMixedBinary(_ op: BinaryOperator, _ lhs: Expr, _ lhsType: SemType?, _ rhs: Expr, _ rhsType: SemType?,
                              in scope: ExpressionScope) -> SwiftExpr? {
        // `2 * d`: Swift multiplies a `Duration` by an integer on the right only (also for a literal).
        if op == .multiply, lhsType == .int, rhsType == .duration {
            return .binary(.multiply, translateExpression(rhs, in: scope), translateExpression(lhs, in: scope, expected: .int))
        }
        // A number literal takes the other side's type as written (`total >= 0`): nothing to widen, unless the literal
        // has a fraction and the other side is an `Int` (`quantity * 0.5`): then the `Int` widens to the literal's type.
        if ExprFacts.isNumberLiteral(lhs) || ExprFacts.isNumberLiteral(rhs) {
            let literalSide = ExprFacts.isNumberLiteral(lhs) ? lhsType : rhsType
            let otherSide = ExprFacts.isNumberLiteral(lhs) ? rhsType : lhsType
            guard otherSide == .int, let common = literalSide, common == .decimal || common == .double else { return nil }
            return .binary(swiftBinaryOperator(op), widenedOperand(lhs, to: common, in: scope), widenedOperand(rhs, to: common, in: scope))
        }
        guard let l = lhsType?.unwrappedType, let r = rhsType?.unwrappedType, l != r else { return nil }
        if lhsType != l || rhsType != r { return nil }  // optionals compare as written
        switch (l, r) {
        case (.date, .duration) where op == .add || op == .subtract:
            return .call(.member(translateExpression(lhs, in: scope), op == .add ? "adding" : "subtracting"),
                         [SwiftArgument(value: translateExpression(rhs, in: scope))])
        case (.duration, .date) where op == .add:
            return .call(.member(translateExpression(rhs, in: scope), "adding"), [SwiftArgument(value: translateExpression(lhs, in: scope))])
        case (.int, .decimal), (.int, .double), (.decimal, .int), (.double, .int):
            let common: SemType = l == .int ? r : l
            return .binary(swiftBinaryOperator(op), widenedOperand(lhs, to: common, in: scope), widenedOperand(rhs, to: common, in: scope))
        default:
            return nil
        }
    }

    /// `date - date` is a `Duration` (both sides dates: the only same-typed operation that changes type).
    func translateDateDifference(_ lhs: Expr, _ rhs: Expr, in scope: ExpressionScope) -> SwiftExpr {
        .call(.member(translateExpression(lhs, in: scope), "duration"), [SwiftArgument(label: "since", value: translateExpression(rhs, in: scope))])
    }
}
