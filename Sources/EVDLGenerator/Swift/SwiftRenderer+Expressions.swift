extension SwiftRenderer {
    /// The text of an expression, with the parentheses Swift's precedence needs.
    public func expression(_ e: SwiftExpr) -> String {
        switch e {
        case .identifier(let name): Naming.escaped(name)
        case .verbatim(let text): text
        case .type(let t): type(t)
        case .metatypeValue(let t): type(t) + ".self"
        case .member(let base, let name): postfixOperand(base) + "." + Naming.escapedMember(name)
        case .implicitMember(let name): "." + Naming.escapedMember(name)
        case .call(let callee, let arguments): call(callee, arguments)
        case .trailingClosure(let callee, let parameters, let body):
            postfixOperand(callee) + " { " + (parameters.isEmpty ? "" : parameters.map(Naming.escaped).joined(separator: ", ") + " in ") + expression(body) + " }"
        case .subscripted(let base, let index): postfixOperand(base) + "[" + expression(index) + "]"
        case .integer(let text), .float(let text): text
        case .string(let parts): stringLiteral(parts)
        case .bool(let value): value ? "true" : "false"
        case .nilLiteral: "nil"
        case .array(let elements): "[" + elements.map(expression).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            entries.isEmpty ? "[:]" : "[" + entries.map { expression($0.key) + ": " + expression($0.value) }.joined(separator: ", ") + "]"
        case .binary(let op, let lhs, let rhs):
            operand(lhs, of: op, onLeft: true) + " " + op.rawValue + " " + operand(rhs, of: op, onLeft: false)
        case .not(let operand): "!" + prefixOperand(operand)
        case .negate(let operand): "-" + prefixOperand(operand)
        case .tryExpr(let operand): "try " + expression(operand)
        case .awaitExpr(let operand): "await " + expression(operand)
        case .inoutArgument(let inner): "&" + postfixOperand(inner)
        case .parenthesized(let inner): "(" + expression(inner) + ")"
        case .closure(let parameters, let body): closure(parameters: parameters, body: body)
        case .lambda(let parameter, let body):
            "{ " + (parameter.map { ($0 == "_" ? "_" : Naming.escaped($0)) + " in " } ?? "") + expression(body) + " }"
        case .optionalMember(let base, let name): postfixOperand(base) + "?." + Naming.escapedMember(name)
        case .subscriptArguments(let base, let arguments): postfixOperand(base) + "[" + arguments.map(argument).joined(separator: ", ") + "]"
        case .coerced(let value, let t): "(" + postfixOperand(value) + " as " + type(t) + ")"
        case .conditional(let condition, let then, let otherwise):
            (isConditional(condition) ? "(" + expression(condition) + ")" : expression(condition)) + " ? " + expression(then) + " : " + expression(otherwise)
        }
    }

    private func isConditional(_ e: SwiftExpr) -> Bool {
        if case .conditional = e { return true }
        return false
    }

    /// `f(a, b)`; a closure as the last, unlabelled argument is written as a trailing closure: `f(a) { … }`.
    private func call(_ callee: SwiftExpr, _ arguments: [SwiftArgument]) -> String {
        if let last = arguments.last, last.label == nil, case .closure(let parameters, let body) = last.value {
            let leading = arguments.dropLast()
            return postfixOperand(callee) + (leading.isEmpty ? "" : "(" + leading.map(argument).joined(separator: ", ") + ")")
                + " " + closure(parameters: parameters, body: body)
        }
        return postfixOperand(callee) + "(" + arguments.map(argument).joined(separator: ", ") + ")"
    }

    private func argument(_ a: SwiftArgument) -> String {
        (a.label.map { Naming.escapedLabel($0) + ": " } ?? "") + expression(a.value)
    }

    /// Whether an expression is an operator application or effect marker, which needs parentheses
    /// before a postfix (`.x`, `(…)`, `[…]`) or after a prefix operator.
    private func isLoose(_ e: SwiftExpr) -> Bool {
        switch e {
        case .binary, .not, .negate, .tryExpr, .awaitExpr, .conditional: true
        case .identifier, .verbatim, .type, .metatypeValue, .member, .implicitMember, .call, .trailingClosure, .subscripted, .integer,
             .float, .string, .bool, .nilLiteral, .array, .dictionary, .inoutArgument, .parenthesized, .closure, .lambda, .optionalMember, .subscriptArguments, .coerced: false
        }
    }

    private func postfixOperand(_ e: SwiftExpr) -> String {
        isLoose(e) ? "(" + expression(e) + ")" : expression(e)
    }

    private func prefixOperand(_ e: SwiftExpr) -> String {
        switch e {
        case .binary, .tryExpr, .awaitExpr, .conditional: "(" + expression(e) + ")"
        case .not, .negate, .identifier, .verbatim, .type, .metatypeValue, .member, .implicitMember, .call, .trailingClosure, .subscripted,
             .integer, .float, .string, .bool, .nilLiteral, .array, .dictionary, .inoutArgument, .parenthesized, .closure, .lambda,
             .optionalMember, .subscriptArguments, .coerced: expression(e)
        }
    }

    private func operand(_ e: SwiftExpr, of op: SwiftBinaryOperator, onLeft: Bool) -> String {
        switch e {
        case .binary(let inner, _, _):
            let needsParentheses: Bool
            if inner.precedence != op.precedence {
                needsParentheses = inner.precedence < op.precedence
            } else if op.precedence == SwiftBinaryOperator.equal.precedence {
                needsParentheses = true  // comparisons do not associate
            } else {
                needsParentheses = onLeft ? op.isRightAssociative : !op.isRightAssociative
            }
            return needsParentheses ? "(" + expression(e) + ")" : expression(e)
        case .tryExpr, .awaitExpr, .conditional:
            return "(" + expression(e) + ")"
        case .not, .negate, .identifier, .verbatim, .type, .metatypeValue, .member, .implicitMember, .call, .trailingClosure, .subscripted,
             .integer, .float, .string, .bool, .nilLiteral, .array, .dictionary, .inoutArgument, .parenthesized, .closure,
             .lambda, .optionalMember, .subscriptArguments, .coerced:
            return expression(e)
        }
    }

    /// A string literal with escapes and interpolations.
    func stringLiteral(_ parts: [SwiftStringPart]) -> String {
        var text = "\""
        for part in parts {
            switch part {
            case .text(let raw):
                for scalar in raw.unicodeScalars {
                    switch scalar {
                    case "\\": text += "\\\\"
                    case "\"": text += "\\\""
                    case "\n": text += "\\n"
                    case "\r": text += "\\r"
                    case "\t": text += "\\t"
                    case "\0": text += "\\0"
                    default:
                        if scalar.value < 0x20 || scalar.value == 0x7F {
                            text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                        } else {
                            text.unicodeScalars.append(scalar)
                        }
                    }
                }
            case .interpolation(let e):
                text += "\\(" + expression(e) + ")"
            }
        }
        return text + "\""
    }
}
