import EVDLSema
import EVDLSyntax

/// Evaluates checked expressions and statements over ``Value``s, with the types and name resolutions the checker
/// recorded (the same facts the generator translates from), so that a spec means the same here as in Swift.
///
/// A class: closures in `modify` and the statement walk capture it, and copying a struct holding the whole model
/// retained every table on each capture (a fifth of the time, measured).
final class Evaluator: Sendable {
    let model: SemanticModel
    let layouts: Layouts

    init(model: SemanticModel) {
        self.model = model
        self.layouts = Layouts(model: model)
    }

    /// The checked type of an expression.
    func type(_ e: Expr) -> SemType? { model.expressionTypes[e.id] }

    // MARK: Expressions

    /// The value of `e`.
    func eval(_ e: Expr, _ f: Frame) throws(Stop) -> Value {
        let value = try evalUncoerced(e, f)
        guard case .int = value, let t = type(e) else { return value }
        return coerce(value, to: t)
    }

    private func evalUncoerced(_ e: Expr, _ f: Frame) throws(Stop) -> Value {
        switch e.kind {
        case .integer(let text):
            guard let n = Int(text.filter { $0 != "_" }) else { throw .failure("the number `\(text)` does not fit an `Int`", at: e.span) }
            return .int(n)
        case .decimal(let text):
            switch type(e)?.unwrappedType {
            case .decimal?: return .decimal(SpecDecimal(parsing: text) ?? .zero)
            default: return .double(Double(text.filter { $0 != "_" }) ?? 0)
            }
        case .string(let segments):
            var out = ""
            for segment in segments {
                switch segment {
                case .text(let text): out += text
                case .interpolation(let inner):
                    out += ValueText.swiftDescription(try eval(inner, f), type: type(inner), layouts: layouts)
                }
            }
            return .string(out)
        case .bool(let b):
            return .bool(b)
        case .nilLiteral:
            return .none
        case .name(let id):
            guard let resolution = model.resolutions[e.id] else { throw .failure("`\(id.name)` was not resolved", at: e.span) }
            return try lookup(resolution, name: id.name, f, at: e.span)
        case .member(let base, let member):
            return try evalMember(e, base: base, member: member, f)
        case .optionalMember(let base, let member):
            return try evalMember(e, base: base, member: member, f)
        case .implicitMember(let id):
            guard case .enumCase(let en, let c)? = model.resolutions[e.id] else { throw .failure("`.\(id.name)` was not resolved", at: e.span) }
            return .enumCase(enumName: en, caseName: c)
        case .call(let callee, let arguments):
            return try evalCall(e, callee: callee, arguments: arguments, f)
        case .subscripted(let base, let index):
            let collection = try eval(base, f)
            let key = try eval(index, f)
            switch collection {
            case .array(let elements):
                guard case .int(let i) = key else { return .none }
                return elements.indices.contains(i) ? elements[i] : .none
            case .dictionary(let entries):
                return entries[key] ?? .none
            case .none:
                return .none
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .record, .enumCase:
                throw .failure("cannot subscript this value", at: e.span)
            }
        case .subscriptDefault(let base, let key, let fallback):
            let collection = try eval(base, f)
            if case .none = collection { return .none }
            guard case .dictionary(let entries) = collection else { throw .failure("cannot subscript this value", at: e.span) }
            if let found = entries[try eval(key, f)] { return found }
            return try eval(fallback, f)
        case .unary(let op, let operand):
            return try evalUnary(op, try eval(operand, f), at: e.span)
        case .binary(let op, let lhs, let rhs):
            return try evalBinary(e, op, lhs, rhs, f)
        case .array(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            let elementType: SemType? = if case .array(let t)? = type(e)?.unwrappedType { t } else { nil }
            for element in elements {
                let v = try eval(element, f)
                values.append(elementType.map { coerce(v, to: $0) } ?? v)
            }
            return .array(values)
        case .dictionary(let entries):
            var values: [Value: Value] = [:]
            var keyType: SemType?, valueType: SemType?
            if case .dictionary(let k, let v)? = type(e)?.unwrappedType { keyType = k; valueType = v }
            for entry in entries {
                let k = try eval(entry.key, f), v = try eval(entry.value, f)
                values[keyType.map { coerce(k, to: $0) } ?? k] = valueType.map { coerce(v, to: $0) } ?? v
            }
            return .dictionary(values)
        case .parenthesized(let inner):
            return try eval(inner, f)
        case .duration(let literal):
            return Self.duration(literal)
        case .closure:
            throw .failure("a closure is not a value here", at: e.span)
        case .conditional(let condition, let then, let otherwise):
            return try truth(condition, f) ? try eval(then, f) : try eval(otherwise, f)
        case .error:
            throw .failure("this expression did not parse", at: e.span)
        }
    }

    /// Whether a condition holds.
    func truth(_ e: Expr, _ f: Frame) throws(Stop) -> Bool {
        guard case .bool(let b) = try eval(e, f) else { throw .failure("a condition is not a `Bool`", at: e.span) }
        return b
    }

    /// The value a resolved name stands for.
    func lookup(_ resolution: NameResolution, name: String, _ f: Frame, at span: Span) throws(Stop) -> Value {
        switch resolution {
        case .commandField(let n): if let v = f.command?[n] { return v }
        case .stateField(let n): if let v = f.state?[n] { return v }
        case .identity: return f.identity
        case .eventField(let n): if let v = f.event?[n] { return v }
        case .now: return f.now
        case .local(let n), .closureParameter(let n): if let v = f.local(n) { return v }
        case .parameter(let n): if let v = f.parameters[n] { return v }
        case .sagaInput(let n): if let v = f.sagaInput?[n] { return v }
        case .stepResult(let n): if let v = f.stepResults[n] { return v }
        case .enumCase(let en, let c): return .enumCase(enumName: en, caseName: c)
        case .contextValue(let n): if let v = f.context(n) { return .record(v) }
        case .recordField, .builtinMember, .builtinFunction, .typeInitializer: break
        }
        throw .failure("`\(name)` has no value here", at: span)
    }

    private func evalMember(_ e: Expr, base: Expr, member: Identifier, _ f: Frame) throws(Stop) -> Value {
        guard let resolution = model.resolutions[e.id] else { throw .failure("`\(member.name)` was not resolved", at: e.span) }
        switch resolution {
        case .enumCase(let en, let c):
            return .enumCase(enumName: en, caseName: c)
        case .recordField(let n):
            let value = try eval(base, f)
            switch value {
            case .record(let fields): return fields[n] ?? .none
            case .none: return .none
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .enumCase:
                throw .failure("`\(n)` is not a field of this value", at: member.span)
            }
        case .builtinMember(let n):
            return try property(n, of: try eval(base, f), at: member.span)
        case .commandField, .stateField, .identity, .eventField, .now, .local, .parameter, .sagaInput, .stepResult,
             .contextValue, .closureParameter:
            // `event.x`, `state.x`, `row.x`, `command.x`, `recorded.x`: a field of a context value.
            if case .name(let baseName) = base.kind, case .contextValue(let context)? = model.resolutions[base.id] {
                if case .identity = resolution { return f.identity }
                if let fields = f.context(context), let v = fields[member.name] { return v }
                throw .failure("`\(baseName.name).\(member.name)` has no value here", at: e.span)
            }
            return try lookup(resolution, name: member.name, f, at: e.span)
        case .builtinFunction, .typeInitializer:
            throw .failure("`\(member.name)` is not a value", at: e.span)
        }
    }

    /// `count`, `isEmpty`, `first`, `last`, `keys`, `values`.
    private func property(_ name: String, of value: Value, at span: Span) throws(Stop) -> Value {
        switch (value, name) {
        case (.none, _): return .none
        case (.string(let s), "count"): return .int(s.count)
        case (.string(let s), "isEmpty"): return .bool(s.isEmpty)
        case (.array(let a), "count"): return .int(a.count)
        case (.array(let a), "isEmpty"): return .bool(a.isEmpty)
        case (.array(let a), "first"): return a.first ?? .none
        case (.array(let a), "last"): return a.last ?? .none
        case (.dictionary(let d), "count"): return .int(d.count)
        case (.dictionary(let d), "isEmpty"): return .bool(d.isEmpty)
        case (.dictionary(let d), "keys"): return .array(Ordering.sortedKeys(d))
        case (.dictionary(let d), "values"): return .array(Ordering.sortedKeys(d).map { d[$0]! })
        default: throw .failure("`\(name)` is not a member of this value", at: span)
        }
    }

    /// A value made to fit `type`: an `Int` where a `Decimal` or `Double` is wanted becomes one (the checker allows
    /// this only for literals and for operands next to a `Decimal` or `Double`).
    func coerce(_ value: Value, to type: SemType) -> Value {
        switch (value, type) {
        case (.int(let n), .decimal), (.int(let n), .optional(.decimal)): return .decimal(SpecDecimal(n))
        case (.int(let n), .double), (.int(let n), .optional(.double)): return .double(Double(n))
        case (.array(let elements), .array(let t)), (.array(let elements), .optional(.array(let t))):
            guard t.needsCoercion else { return value }
            return .array(elements.map { coerce($0, to: t) })
        case (.dictionary(let entries), .dictionary(let k, let v)), (.dictionary(let entries), .optional(.dictionary(let k, let v))):
            guard k.needsCoercion || v.needsCoercion else { return value }
            var out: [Value: Value] = [:]
            for (key, val) in entries { out[coerce(key, to: k)] = coerce(val, to: v) }
            return .dictionary(out)
        default: return value
        }
    }
}

extension SemType {
    /// The wrapped type of an optional, else the type itself.
    var unwrappedType: SemType {
        if case .optional(let wrapped) = self { return wrapped }
        return self
    }

    /// Whether an `Int` inside a value of this type may need widening.
    var needsCoercion: Bool {
        switch self {
        case .decimal, .double: true
        case .optional(let t), .array(let t): t.needsCoercion
        case .dictionary(let k, let v): k.needsCoercion || v.needsCoercion
        case .int, .string, .bool, .uuid, .date, .duration, .record, .enumeration, .message, .nilLiteral, .emptyCollection,
             .error, .result: false
        }
    }
}
