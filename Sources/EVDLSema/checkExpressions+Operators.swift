import EVDLSyntax

extension Checker {
    func checkUnary(_ e: Expr, _ op: UnaryOperator, _ operand: Expr, _ scope: Scope, _ expected: SemType?) -> SemType {
        switch op {
        case .not:
            let t = check(operand, scope, expected: .bool)
            if t != .bool && !t.containsError { report(SemaDiagnostics.invalidOperand("!", t, at: e.span)) }
            return .bool
        case .negate:
            let t = check(operand, scope, expected: numericContext(expected))
            if t.isNumeric || t == .duration || t.containsError { return t }
            report(SemaDiagnostics.invalidOperand("-", t, at: e.span))
            return .error
        }
    }

    func checkBinary(_ e: Expr, _ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ scope: Scope, _ expected: SemType?) -> SemType {
        switch op {
        case .and, .or:
            let l = check(lhs, scope, expected: .bool)
            let r = check(rhs, scope, expected: .bool)
            if !l.containsError, !r.containsError, l != .bool || r != .bool {
                report(SemaDiagnostics.invalidOperands(op.rawValue, l, r, at: e.span, help: "`\(op.rawValue)` combines two `Bool` values"))
            }
            return .bool
        case .equal, .notEqual:
            let (l, r) = checkPair(lhs, rhs, scope, hint: nil)
            if !l.containsError, !r.containsError, !(conforms(l, to: r) || conforms(r, to: l) || widened(l, r) != nil) || (l == .nilLiteral && r == .nilLiteral) {
                report(SemaDiagnostics.invalidOperands(op.rawValue, l, r, at: e.span))
            }
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let (l, r) = checkPair(lhs, rhs, scope, hint: nil)
            if !l.containsError, !r.containsError, !(widened(l, r)?.isComparable ?? false) {
                let help = l == r ? "only numbers, strings, dates and durations are ordered" : mixedHelp(l, r)
                report(SemaDiagnostics.invalidOperands(op.rawValue, l, r, at: e.span, help: help))
            }
            return .bool
        case .add, .subtract, .multiply, .divide, .remainder:
            let (l, r) = checkPair(lhs, rhs, scope, hint: expected?.unwrapped)
            if l.containsError || r.containsError { return .error }
            if let t = arithmeticResult(op, l, r) { return t }
            // `%` takes two `Int`s: converting one side of `price % 2` to `Decimal` (what `mixedHelp` says) would not help.
            let help: String? = op == .remainder && l.isNumeric && r.isNumeric
                ? "`%` takes `Int` operands" + (l == .int && r == .int ? "" : ": convert with `Int(…)` (toward zero)") : mixedHelp(l, r)
            report(SemaDiagnostics.invalidOperands(op.rawValue, l, r, at: e.span, help: help))
            return .error
        case .coalesce:
            let l = check(lhs, scope, expected: expected.map { SemType.optional($0.unwrapped) })
            switch l {
            case .error:
                check(rhs, scope, expected: expected)
                return .error
            case .optional(let wrapped):
                let r = check(rhs, scope, expected: wrapped)
                if conforms(r, to: wrapped) { return wrapped }
                if conforms(r, to: l) { return l }
                report(SemaDiagnostics.mismatch(expected: wrapped, found: r, at: rhs.span))
                return wrapped
            case .nilLiteral:
                report(SemaDiagnostics.cannotInfer("`nil`", at: lhs.span))
                check(rhs, scope, expected: expected)
                return .error
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .record, .enumeration,
                 .message, .emptyCollection, .result:
                report(SemaDiagnostics.coalesceNonOptional(l, at: lhs.span))
                check(rhs, scope, expected: l)
                return l
            }
        }
    }

    /// A help line for two number types that do not mix (`Decimal` and `Double`).
    func mixedHelp(_ l: SemType, _ r: SemType) -> String? {
        guard l.isNumeric, r.isNumeric, l != r else { return nil }
        return "convert one side: `Decimal(…)` or `Double(…)` (an `Int` mixes with either by itself)"
    }

    /// The result of `l op r` for an arithmetic operator, or `nil` when the operator does not apply.
    /// An `Int` operand widens to `Decimal` or `Double`; dates and durations combine as time does.
    func arithmeticResult(_ op: BinaryOperator, _ l: SemType, _ r: SemType) -> SemType? {
        switch op {
        case .add:
            if l == r, l.isNumeric || l == .string || l == .duration { return l }
            if l.isNumeric, r.isNumeric, let t = widened(l, r) { return t }
            if l == .date && r == .duration || l == .duration && r == .date { return .date }
            if case .array = l, conforms(r, to: l) { return l }
            if case .array = r, l == .emptyCollection { return r }
            return nil
        case .subtract:
            if l == r, l.isNumeric || l == .duration { return l }
            if l.isNumeric, r.isNumeric, let t = widened(l, r) { return t }
            if l == .date, r == .duration { return .date }
            if l == .date, r == .date { return .duration }
            return nil
        case .multiply:
            if l.isNumeric, r.isNumeric, let t = widened(l, r) { return t }
            if l == .duration, r == .int { return .duration }
            if l == .int, r == .duration { return .duration }
            return nil
        case .divide:
            if l.isNumeric, r.isNumeric, let t = widened(l, r) { return t }
            if l == .duration, r == .int { return .duration }
            if l == .duration, r == .duration { return .double }  // how many times one fits in the other
            return nil
        case .remainder:
            return l == .int && r == .int ? .int : nil
        case .coalesce, .or, .and, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return nil
        }
    }

    /// Checks two operands so that a literal or bare enum case on either side takes the other side's type.
    func checkPair(_ lhs: Expr, _ rhs: Expr, _ scope: Scope, hint: SemType?) -> (SemType, SemType) {
        func context(_ t: SemType) -> SemType? {
            t.containsError || t == .nilLiteral || t == .emptyCollection ? hint : t
        }
        // `quantity * 0.5` where a `Decimal` is wanted: the fraction is a `Decimal` (and the `Int` widens to it), not the
        // `Double` a fraction next to an `Int` is otherwise.
        func literalContext(_ literal: Expr, _ t: SemType) -> SemType? {
            if t == .int, isFractionLiteral(literal), let h = hint?.unwrapped, h == .decimal || h == .double { return h }
            return context(t)
        }
        if needsContext(lhs, scope) && !needsContext(rhs, scope) {
            let r = check(rhs, scope, expected: hint)
            let l = check(lhs, scope, expected: literalContext(lhs, r))
            return (l, r)
        }
        let l = check(lhs, scope, expected: hint)
        let r = check(rhs, scope, expected: literalContext(rhs, l))
        return (l, r)
    }

    /// Whether `e` is a number literal with a fraction (`0.5`, `-1.25`, `(0.5)`).
    func isFractionLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .decimal: true
        case .unary(.negate, let inner), .parenthesized(let inner): isFractionLiteral(inner)
        case .integer, .string, .bool, .nilLiteral, .name, .member, .implicitMember, .call, .subscripted, .subscriptDefault,
             .unary, .binary, .array, .dictionary, .duration, .optionalMember, .closure, .conditional, .error:
            false
        }
    }

    /// Whether an expression takes its type from context: number literals, `nil`, empty collections,
    /// `.case`, and bare names that are not in scope (enum cases).
    func needsContext(_ e: Expr, _ scope: Scope) -> Bool {
        switch e.kind {
        case .integer, .decimal, .nilLiteral, .implicitMember: return true
        case .duration, .optionalMember, .closure, .subscriptDefault, .conditional: return false
        case .array(let elements): return elements.isEmpty
        case .dictionary(let entries): return entries.isEmpty
        case .name(let id): return !scope.has(id.name) && id.name != "now"
        case .parenthesized(let inner): return needsContext(inner, scope)
        case .unary(let op, let operand): return op == .negate && needsContext(operand, scope)
        case .binary(let op, let l, let r):
            return arithmeticResult(op, .int, .int) != nil && needsContext(l, scope) && needsContext(r, scope)
        case .string, .bool, .member, .call, .subscripted, .error: return false
        }
    }

    func checkArrayLiteral(_ elements: [Expr], _ scope: Scope, _ expected: SemType?) -> SemType {
        var elementHint: SemType?
        if case .array(let el)? = expected?.unwrapped { elementHint = el }
        if let el = elementHint {
            for x in elements { check(x, scope, against: el) }
            return .array(el)
        }
        guard let first = elements.first else { return .emptyCollection }
        let t = check(first, scope)
        if t == .nilLiteral || t == .emptyCollection {
            report(SemaDiagnostics.cannotInfer("this array literal", at: first.span))
            for x in elements.dropFirst() { check(x, scope) }
            return .error
        }
        for x in elements.dropFirst() { check(x, scope, against: t) }
        return .array(t)
    }

    func checkDictionaryLiteral(_ entries: [DictionaryEntry], _ scope: Scope, _ expected: SemType?) -> SemType {
        if case .dictionary(let k, let v)? = expected?.unwrapped {
            for entry in entries {
                check(entry.key, scope, against: k)
                check(entry.value, scope, against: v)
            }
            return .dictionary(k, v)
        }
        guard let first = entries.first else { return .emptyCollection }
        let k = check(first.key, scope)
        let v = check(first.value, scope)
        if k == .nilLiteral || k == .emptyCollection || v == .nilLiteral || v == .emptyCollection {
            report(SemaDiagnostics.cannotInfer("this dictionary literal", at: first.key.span.to(first.value.span)))
            for entry in entries.dropFirst() { check(entry.key, scope); check(entry.value, scope) }
            return .error
        }
        for entry in entries.dropFirst() {
            check(entry.key, scope, against: k)
            check(entry.value, scope, against: v)
        }
        return .dictionary(k, v)
    }

    func checkSubscript(base: Expr, index: Expr, _ scope: Scope) -> SemType {
        var baseType = check(base, scope)
        // In an optional chain (`lines.first?.tags[0]`) the subscript reads the wrapped collection; the chain's value
        // is optional anyway.
        if case .optional(let wrapped) = baseType, OptionalChains.isOptionalChain(base) {
            switch wrapped {
            case .array, .dictionary: baseType = wrapped
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .record, .enumeration, .message, .nilLiteral,
                 .emptyCollection, .result, .optional, .error: break
            }
        }
        switch baseType {
        case .array(let element):
            // Reading `items[i]` never traps: it is `nil` when `i` is out of range.
            check(index, scope, against: .int)
            return element.optionalized
        case .dictionary(let k, let v):
            check(index, scope, against: k)
            return .optional(v)
        case .error:
            check(index, scope)
            return .error
        case .optional:
            report(SemaDiagnostics.optionalNotUnwrapped(baseType, at: base.span))
            check(index, scope)
            return .error
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .record, .enumeration, .message, .nilLiteral,
             .emptyCollection, .result:
            report(SemaDiagnostics.invalidSubscript(baseType, at: base.span))
            check(index, scope)
            return .error
        }
    }
}

extension Checker {
    /// `counts[key, default: value]`: the value for the key, or the default.
    func checkSubscriptDefault(base: Expr, key: Expr, fallback: Expr, _ scope: Scope) -> SemType {
        let baseType = check(base, scope)
        if case .optional(.dictionary(let k, let v)) = baseType, OptionalChains.isOptionalChain(base) {
            // `a?.counts[k, default: 0]`: the chain's value is optional.
            check(key, scope, against: k)
            check(fallback, scope, against: v)
            return v.optionalized
        }
        switch baseType {
        case .dictionary(let k, let v):
            check(key, scope, against: k)
            check(fallback, scope, against: v)
            return v
        case .error:
            check(key, scope)
            check(fallback, scope)
            return .error
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .optional, .record, .enumeration,
             .message, .nilLiteral, .emptyCollection, .result:
            report(SemaDiagnostics.invalidSubscript(baseType, at: base.span, help: "`[key, default: value]` reads a dictionary"))
            check(key, scope)
            check(fallback, scope)
            return .error
        }
    }
}

extension Checker {
    /// `condition ? then : otherwise`: both values have one type (an `Int` widens, `nil` makes it optional).
    func checkConditional(condition: Expr, then: Expr, otherwise: Expr, _ scope: Scope, expected: SemType?) -> SemType {
        checkCondition(condition, scope, clause: "?:")
        let (l, r) = checkPair(then, otherwise, scope, hint: expected)
        if l.containsError || r.containsError { return .error }
        if l == .nilLiteral, r != .nilLiteral { return r.optionalized }
        if r == .nilLiteral, l != .nilLiteral { return l.optionalized }
        if conforms(l, to: r) { return r }
        if conforms(r, to: l) { return l }
        if let t = widened(l, r) { return t }
        report(SemaDiagnostics.mismatch(expected: l, found: r, at: otherwise.span,
                                        help: "both values of `?:` have one type (the first is `\(l)`)"))
        return .error
    }
}
