import EVDLSema
import EVDLSyntax

extension Evaluator {
    func evalUnary(_ op: UnaryOperator, _ value: Value, at span: Span) throws(Stop) -> Value {
        switch (op, value) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .int(let n)): return .int(n == .min ? .max : -n)
        case (.negate, .double(let d)): return .double(-d)
        case (.negate, .decimal(let d)): return .decimal(-d)
        case (.negate, .duration(let d)): return .duration(SpecDuration(seconds: 0) - d)
        case (_, .none): return .none
        default: throw .failure("`\(op.rawValue)` does not apply to this value", at: span)
        }
    }

    func evalBinary(_ e: Expr, _ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ f: Frame) throws(Stop) -> Value {
        switch op {
        case .coalesce:
            let l = try eval(lhs, f)
            if case .none = l { return try eval(rhs, f) }
            return l
        case .or:
            if try truth(lhs, f) { return .bool(true) }
            return .bool(try truth(rhs, f))
        case .and:
            if !(try truth(lhs, f)) { return .bool(false) }
            return .bool(try truth(rhs, f))
        case .equal, .notEqual:
            let same = Ordering.equal(try eval(lhs, f), try eval(rhs, f))
            return .bool(op == .equal ? same : !same)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = Ordering.compare(try eval(lhs, f), try eval(rhs, f)) else {
                throw .failure("these values cannot be compared", at: e.span)
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, try eval(lhs, f), try eval(rhs, f), at: e.span)
        }
    }

    /// `+ - * / %` with `Int` widening next to a `Decimal` or `Double`, dates and durations. `Int` and `Duration`
    /// arithmetic saturates and divides by zero to zero, as generated code's `SpecMath` does.
    func arithmetic(_ op: BinaryOperator, _ l: Value, _ r: Value, at span: Span) throws(Stop) -> Value {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            switch op {
            case .add:
                let (sum, overflow) = a.addingReportingOverflow(b)
                return .int(overflow ? (b > 0 ? .max : .min) : sum)
            case .subtract:
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                return .int(overflow ? (b < 0 ? .max : .min) : difference)
            case .multiply:
                let (product, overflow) = a.multipliedReportingOverflow(by: b)
                return .int(overflow ? ((a < 0) == (b < 0) ? .max : .min) : product)
            case .divide:
                if b == 0 { return .int(0) }
                if b == -1 { return .int(a == .min ? .max : -a) }
                return .int(a / b)
            case .remainder:
                return .int(b == 0 || b == -1 ? 0 : a % b)
            default: throw .failure("`\(op.rawValue)` does not apply to numbers", at: span)
            }
        case (.int(let a), .decimal): return try arithmetic(op, .decimal(SpecDecimal(a)), r, at: span)
        case (.decimal, .int(let b)): return try arithmetic(op, l, .decimal(SpecDecimal(b)), at: span)
        case (.int(let a), .double): return try arithmetic(op, .double(Double(a)), r, at: span)
        case (.double, .int(let b)): return try arithmetic(op, l, .double(Double(b)), at: span)
        case (.decimal(let a), .decimal(let b)):
            switch op {
            case .add: return .decimal(a + b)
            case .subtract: return .decimal(a - b)
            case .multiply: return .decimal(a * b)
            case .divide: return .decimal(a / b)
            default: throw .failure("`\(op.rawValue)` does not apply to `Decimal`", at: span)
            }
        case (.double(let a), .double(let b)):
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide: return .double(a / b)
            default: throw .failure("`\(op.rawValue)` does not apply to `Double`", at: span)
            }
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        case (.array(let a), .array(let b)) where op == .add:
            return .array(a + b)
        case (.date(let d), .duration(let x)) where op == .add: return .date(d + x.timeInterval)
        case (.date(let d), .duration(let x)) where op == .subtract: return .date(d + (-x.timeInterval))
        case (.duration(let x), .date(let d)) where op == .add: return .date(d + x.timeInterval)
        case (.date(let a), .date(let b)) where op == .subtract: return .duration(SpecDuration(secondsValue: a - b))
        case (.duration(let a), .duration(let b)):
            switch op {
            case .add: return .duration(a + b)
            case .subtract: return .duration(a - b)
            case .divide: return .double(SpecDuration.ratio(a, b))
            default: throw .failure("`\(op.rawValue)` does not apply to two durations", at: span)
            }
        case (.duration(let a), .int(let n)) where op == .multiply: return .duration(a * n)
        case (.int(let n), .duration(let a)) where op == .multiply: return .duration(a * n)
        case (.duration(let a), .int(let n)) where op == .divide:
            return .duration(n == 0 ? SpecDuration(seconds: 0) : a / n)
        case (.none, _), (_, .none):
            return .none
        default:
            throw .failure("`\(op.rawValue)` does not apply to these values", at: span)
        }
    }
}

/// Equality and order of values as generated Swift sees them (an `Int` next to a `Decimal` or `Double` widens).
enum Ordering {
    static func equal(_ l: Value, _ r: Value) -> Bool {
        switch (l, r) {
        case (.int(let a), .decimal(let b)): return SpecDecimal(a) == b
        case (.decimal(let a), .int(let b)): return a == SpecDecimal(b)
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.double(let a), .double(let b)): return a == b
        default: return l == r
        }
    }

    /// -1, 0 or 1; `nil` for values without an order.
    static func compare(_ l: Value, _ r: Value) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (b < a ? 1 : 0) }
        switch (l, r) {
        case (.int(let a), .int(let b)): return sign(a, b)
        case (.decimal(let a), .decimal(let b)): return sign(a, b)
        case (.double(let a), .double(let b)): return sign(a, b)
        case (.int(let a), .decimal(let b)): return sign(SpecDecimal(a), b)
        case (.decimal(let a), .int(let b)): return sign(a, SpecDecimal(b))
        case (.int(let a), .double(let b)): return sign(Double(a), b)
        case (.double(let a), .int(let b)): return sign(a, Double(b))
        case (.string(let a), .string(let b)): return sign(a, b)
        case (.date(let a), .date(let b)): return sign(a, b)
        case (.duration(let a), .duration(let b)): return sign(a, b)
        case (.uuid(let a), .uuid(let b)): return sign(a, b)
        case (.bool(let a), .bool(let b)): return sign(a ? 1 : 0, b ? 1 : 0)
        case (.enumCase(_, let a), .enumCase(_, let b)): return sign(a, b)
        default: return nil
        }
    }

    /// A sort that keeps equal elements in order.
    static func sorted(_ values: [Value]) -> [Value] {
        values.enumerated().sorted { a, b in
            let order = compare(a.element, b.element) ?? 0
            return order != 0 ? order < 0 : a.offset < b.offset
        }.map(\.element)
    }

    /// A dictionary's keys in the order generated code reads them (`SpecMath`'s `sortedKeys`).
    static func sortedKeys(_ d: [Value: Value]) -> [Value] {
        d.keys.sorted { a, b in
            if let order = compare(a, b) { return order < 0 }
            return ValueText.canonical(a) < ValueText.canonical(b)
        }
    }
}
