import EVDLSema
import EVDLSyntax

extension Evaluator {
    func evalCall(_ e: Expr, callee: Expr, arguments: [CallArgument], _ f: Frame) throws(Stop) -> Value {
        switch model.resolutions[callee.id] {
        case .builtinFunction(let name)?:
            return try builtinFunction(name, callee: callee, arguments: arguments, f, at: e.span)
        case .typeInitializer(let record)?:
            var given: [String: Value] = [:]
            for a in arguments { if let label = a.label?.name { given[label] = try eval(a.value, f) } }
            return .record(try build(record, given: given, f, at: e.span))
        case .builtinMember(let name)?:
            let base: Expr
            switch callee.kind {
            case .member(let b, _), .optionalMember(let b, _): base = b
            default: throw .failure("`\(name)` needs a value to call it on", at: callee.span)
            }
            let receiver = try eval(base, f)
            if case .none = receiver { return .none }
            return try method(name, on: receiver, call: e, arguments: arguments, f)
        default:
            throw .failure("this call was not resolved", at: callee.span)
        }
    }

    private func builtinFunction(_ name: String, callee: Expr, arguments: [CallArgument], _ f: Frame, at span: Span) throws(Stop) -> Value {
        let values = try arguments.map { (a) throws(Stop) -> Value in try eval(a.value, f) }
        switch (name, values.first) {
        case ("Int", let v?):
            switch v {
            case .int: return v
            case .decimal(let d): return .int(d.intValue)
            case .double(let d):
                if d.isNaN { return .int(0) }
                if d >= 9_223_372_036_854_775_807.0 { return .int(Int.max) }
                if d <= -9_223_372_036_854_775_808.0 { return .int(Int.min) }
                return .int(Int(d.rounded(.towardZero)))
            default: break
            }
        case ("Decimal", let v?):
            switch v {
            case .int(let n): return .decimal(SpecDecimal(n))
            case .decimal: return v
            case .double(let d): return .decimal(SpecDecimal(d))
            default: break
            }
        case ("Double", let v?):
            switch v {
            case .int(let n): return .double(Double(n))
            case .decimal(let d): return .double(d.doubleValue)
            case .double: return v
            default: break
            }
        case ("min", _), ("max", _):
            guard values.count == 2 else { break }
            let t = model.expressionTypes[callee.id]
            let a = t.map { coerce(values[0], to: $0) } ?? values[0], b = t.map { coerce(values[1], to: $0) } ?? values[1]
            guard let order = Ordering.compare(a, b) else { break }
            // Swift's `min` returns the first of equal values, `max` the second.
            return name == "min" ? (order <= 0 ? a : b) : (order > 0 ? a : b)
        case ("abs", let v?):
            switch v {
            case .int(let n): return .int(n == .min ? .max : abs(n))
            case .double(let d): return .double(abs(d))
            case .decimal(let d): return .decimal(d < .zero ? -d : d)
            case .duration(let d): return .duration(d < SpecDuration(seconds: 0) ? SpecDuration(seconds: 0) - d : d)
            default: break
            }
        case ("id", .int(let n)?): return Value.scenarioID(n)
        case ("date", .int(let n)?): return .date(Double(n))
        case ("date", .double(let d)?): return .date(d)
        default: break
        }
        throw .failure("`\(name)` cannot take these arguments", at: span)
    }

    /// The methods of arrays, strings and numbers.
    private func method(_ name: String, on receiver: Value, call: Expr, arguments: [CallArgument], _ f: Frame) throws(Stop) -> Value {
        let span = call.span
        if case .string(let s) = receiver, name == "contains", let a = arguments.first {
            guard case .string(let needle) = try eval(a.value, f) else { throw .failure("`contains` needs a string", at: span) }
            return .bool(needle.isEmpty || s.contains(needle))
        }
        if name == "rounded" {
            var scale = 0
            if let a = arguments.first, case .int(let n) = try eval(a.value, f) { scale = n }
            switch receiver {
            case .decimal(let d): return .decimal(d.rounded(scale: scale))
            case .double(let d): return .double(Rounding.rounded(d, scale: scale))
            case .int(let n):
                // A whole literal rounded: typed as the call's type.
                if case .double? = type(call)?.unwrappedType { return .double(Rounding.rounded(Double(n), scale: scale)) }
                return .decimal(SpecDecimal(n).rounded(scale: scale))
            default: throw .failure("`rounded` needs a number", at: span)
            }
        }
        guard case .array(let elements) = receiver else { throw .failure("`\(name)` is not a method of this value", at: span) }
        let closure = arguments.first.flatMap { a -> Expr? in if case .closure = a.value.kind { a.value } else { nil } }
        func each(_ body: Expr) throws(Stop) -> [Value] {
            var out: [Value] = []
            out.reserveCapacity(elements.count)
            for element in elements { out.append(try apply(body, to: element, f)) }
            return out
        }
        func test(_ body: Expr, _ element: Value) throws(Stop) -> Bool {
            guard case .bool(let b) = try apply(body, to: element, f) else { throw .failure("a condition is not a `Bool`", at: body.span) }
            return b
        }
        switch name {
        case "contains":
            if let closure {
                for element in elements where try test(closure, element) { return .bool(true) }
                return .bool(false)
            }
            guard let a = arguments.first else { break }
            let needle = try eval(a.value, f)
            return .bool(elements.contains { Ordering.equal($0, needle) })
        case "map":
            guard let closure else { break }
            var mapped = try each(closure)
            if case .array(let t)? = type(call)?.unwrappedType { mapped = mapped.map { coerce($0, to: t) } }
            return .array(mapped)
        case "filter":
            guard let closure else { break }
            var kept: [Value] = []
            for element in elements where try test(closure, element) { kept.append(element) }
            return .array(kept)
        case "allSatisfy":
            guard let closure else { break }
            for element in elements where !(try test(closure, element)) { return .bool(false) }
            return .bool(true)
        case "first":
            guard let closure else { break }
            for element in elements where try test(closure, element) { return element }
            return .none
        case "count":
            guard let closure else { break }
            var n = 0
            for element in elements where try test(closure, element) { n += 1 }
            return .int(n)
        case "sum":
            var values = closure == nil ? elements : try each(closure!)
            guard let t = type(call)?.unwrappedType else { break }
            values = values.map { coerce($0, to: t) }
            var total: Value
            switch t {
            case .int: total = .int(0)
            case .decimal: total = .decimal(.zero)
            case .double: total = .double(0)
            case .duration: total = .duration(SpecDuration(seconds: 0))
            default: throw .failure("`sum` needs numbers or durations", at: span)
            }
            for v in values { total = try arithmetic(.add, total, v, at: span) }
            return total
        case "min", "max":
            guard var best = elements.first else { return .none }
            for element in elements.dropFirst() {
                guard let order = Ordering.compare(element, best) else { throw .failure("these values cannot be compared", at: span) }
                if name == "min" ? order < 0 : order > 0 { best = element }
            }
            return best
        case "sorted":
            return .array(Ordering.sorted(elements))
        case "reversed":
            return .array(elements.reversed())
        default:
            break
        }
        throw .failure("`\(name)` cannot take these arguments", at: span)
    }

    /// Runs a one-expression closure with `value` as its parameter (`$0` or the named one).
    func apply(_ closure: Expr, to value: Value, _ f: Frame) throws(Stop) -> Value {
        guard case .closure(let parameter, let body) = closure.kind else { throw .failure("a closure was expected", at: closure.span) }
        f.locals.append((parameter?.name ?? "$0", value))
        defer { f.locals.removeLast() }
        return try eval(body, f)
    }

    // MARK: Messages and records

    /// A value of the record-like type `typeName` from the fields given; the others take their defaults, the
    /// identity the frame's when `fillIdentity` (an event emitted by `decide`).
    func build(_ typeName: String, given: [String: Value], _ f: Frame, fillIdentity: Bool = false, at span: Span) throws(Stop) -> Value.Fields {
        guard let layout = layouts.fields[typeName] else { throw .failure("`\(typeName)` has no known fields", at: span) }
        var names: [String] = []
        var values: [Value] = []
        names.reserveCapacity(layout.count)
        values.reserveCapacity(layout.count)
        for (i, field) in layout.enumerated() {
            names.append(field.name)
            if let v = given[field.name] {
                values.append(coerce(v, to: field.type))
            } else if i == 0, fillIdentity, typeName.contains(".") {
                values.append(f.identity)
            } else if let d = field.defaultValue {
                values.append(coerce(try eval(d, Frame(now: f.now)), to: field.type))
            } else if case .optional = field.type {
                values.append(.none)
            } else {
                throw .failure("`\(typeName)` needs a value for `\(field.name)`", at: span)
            }
        }
        return Value.Fields(typeName: typeName, names: names, values: values)
    }

    /// The message a literal writes (`Order.OrderPlaced { … }`), with its qualified type name.
    func message(_ literal: MessageLiteral, _ f: Frame, fillIdentity: Bool = false) throws(Stop) -> Value.Fields {
        guard let target = model.messageTargets[literal.name.span] else { throw .failure("this message was not resolved", at: literal.name.span) }
        return try build(target.qualifiedName, given: try arguments(of: literal, f), f, fillIdentity: fillIdentity, at: literal.span)
    }

    /// The field values a literal gives, by label (shorthand `{ reason }` reads the name `reason`).
    func arguments(of literal: MessageLiteral, _ f: Frame) throws(Stop) -> [String: Value] {
        try arguments(of: literal.arguments, f)
    }

    /// The field values of `{ label: value, … }`, by label.
    func arguments(of fields: [FieldArgument], _ f: Frame) throws(Stop) -> [String: Value] {
        var given: [String: Value] = [:]
        for argument in fields {
            if let value = argument.value {
                given[argument.label.name] = try eval(value, f)
            } else if let resolution = model.shorthandResolutions[argument.label.span] {
                given[argument.label.name] = try lookup(resolution, name: argument.label.name, f, at: argument.label.span)
            } else {
                throw .failure("`\(argument.label.name)` was not resolved", at: argument.label.span)
            }
        }
        return given
    }
}

extension Evaluator {
    /// The value of a duration literal (`30m`).
    static func duration(_ literal: DurationLiteral) -> Value {
        .duration(SpecDuration(seconds: literal.totalMilliseconds / 1000, attoseconds: (literal.totalMilliseconds % 1000) * 1_000_000_000_000_000))
    }
}

extension MessageTarget {
    /// `Order.PlaceOrder`, `Payment.Charge`.
    var qualifiedName: String {
        switch self {
        case .aggregateCommand(let a, let c): "\(a).\(c)"
        case .aggregateEvent(let a, let e): "\(a).\(e)"
        case .serviceCommand(let s, let c): "\(s).\(c)"
        }
    }
}

/// `SpecMath.rounded` of a `Double`: half away from zero to `scale` fractional digits.
enum Rounding {
    static func rounded(_ value: Double, scale: Int) -> Double {
        guard value.isFinite else { return value }
        let clamped = max(-300, min(300, scale))
        let factor = power10(clamped)
        let scaled = value * factor
        guard scaled.isFinite else { return value }
        return scaled.rounded(.toNearestOrAwayFromZero) / factor
    }

    /// 10ⁿ (exact up to 10²²; `pow` agrees there, and the spec's scales stay far below).
    static func power10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n < 0 ? 1 / result : result
    }
}
