import EVDLSyntax

/// The collection methods of the language, Swift's names and shapes.
enum CollectionMethods {
    /// Methods of an array that return a value (closures take one element).
    static let arrayMethods = [
        "contains", "map", "filter", "allSatisfy", "first", "count", "sum", "min", "max", "sorted", "reversed",
    ]
    /// Methods that change an array or dictionary: statements in `apply` and projection handlers only.
    static let mutatingMethods = ["append", "removeAll", "remove", "removeValue"]
}

extension SemType {
    /// The type made optional (an optional stays as it is: optional chains flatten).
    var optionalized: SemType {
        switch self {
        case .optional, .error: self
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .record, .enumeration,
             .message, .nilLiteral, .emptyCollection, .result:
            .optional(self)
        }
    }
}

/// Syntactic facts about expressions the checker and the generator share.
public enum OptionalChains {
    /// Whether the postfix chain ending in `e` passes through a `?.` (so its value is optional).
    public static func isOptionalChain(_ e: Expr) -> Bool {
        switch e.kind {
        case .optionalMember: true
        case .member(let base, _), .subscripted(let base, _): isOptionalChain(base)
        case .call(let callee, _): isOptionalChain(callee)
        case .integer, .decimal, .string, .bool, .nilLiteral, .name, .implicitMember, .unary, .binary, .array,
             .dictionary, .parenthesized, .duration, .closure, .subscriptDefault, .conditional, .error:
            false
        }
    }
}

extension Checker {
    /// `items.map { … }`, `items.filter(…)`, `lines.sum { $0.total }`, `tags.contains(where: …)`, … on an array.
    /// Returns `nil` when `name` is not a method of arrays (the caller reports it).
    func checkArrayMethod(_ call: Expr, callee: Expr, name: String, element: SemType, arguments: [CallArgument],
                          _ scope: Scope, expected: SemType?) -> SemType? {
        resolutions[callee.id] = .builtinMember(name)
        func closureArgument(label: String?, result: SemType?) -> SemType? {
            guard arguments.count == 1, arguments[0].label?.name == label else {
                let written = label.map { "`\(name)(\($0): { … })`" } ?? "`\(name) { … }`"
                report(SemaDiagnostics.wrongMethodArguments(name, at: callee.span, help: "write \(written)"))
                for a in arguments { check(a.value, scope) }
                return nil
            }
            return checkClosure(arguments[0].value, parameter: element, result: result, scope)
        }
        func noArguments(_ result: SemType) -> SemType {
            if !arguments.isEmpty {
                report(SemaDiagnostics.wrongMethodArguments(name, at: callee.span, help: "write `\(name)()`"))
                for a in arguments { check(a.value, scope) }
            }
            return result
        }
        switch name {
        case "contains":
            if arguments.count == 1, arguments[0].label?.name == "where" {
                _ = closureArgument(label: "where", result: .bool)
                return .bool
            }
            if arguments.count != 1 || arguments[0].label != nil {
                report(SemaDiagnostics.wrongArgumentCount("contains", found: arguments.count, at: callee.span, help: "write `contains(x)` or `contains(where: { … })`"))
                for a in arguments { check(a.value, scope, expected: element) }
                return .bool
            }
            check(arguments[0].value, scope, against: element)
            return .bool
        case "map":
            let hint: SemType? = if case .array(let t)? = expected?.unwrapped { t } else { nil }
            guard let result = closureArgument(label: nil, result: nil) else { return .error }
            if result == .nilLiteral || result == .emptyCollection {
                if let hint { return .array(hint) }
                report(SemaDiagnostics.cannotInfer("the result of this `map`", at: call.span))
                return .error
            }
            return result.containsError ? .error : .array(result)
        case "filter":
            _ = closureArgument(label: nil, result: .bool)
            return .array(element)
        case "allSatisfy":
            _ = closureArgument(label: nil, result: .bool)
            return .bool
        case "first":
            _ = closureArgument(label: "where", result: .bool)
            return .optional(element)
        case "count":
            _ = closureArgument(label: "where", result: .bool)
            return .int
        case "sum":
            if arguments.isEmpty {
                guard element.isNumeric || element == .duration || element.containsError else {
                    report(SemaDiagnostics.notSummable(element, at: callee.span))
                    return .error
                }
                return element
            }
            guard let result = closureArgument(label: nil, result: nil) else { return .error }
            guard result.isNumeric || result == .duration || result.containsError else {
                let place = if case .closure(_, let body) = arguments[0].value.kind { body.span } else { arguments[0].value.span }
                report(SemaDiagnostics.notSummable(result, at: place))
                return .error
            }
            return result
        case "min", "max":
            guard element.isComparable || element.containsError else {
                report(SemaDiagnostics.notOrdered(name, element, at: callee.span))
                return noArguments(.error)
            }
            return noArguments(.optional(element))
        case "sorted":
            guard element.isComparable || element.containsError else {
                report(SemaDiagnostics.notOrdered(name, element, at: callee.span))
                return noArguments(.error)
            }
            return noArguments(.array(element))
        case "reversed":
            return noArguments(.array(element))
        default:
            return nil
        }
    }

    /// Checks a closure argument: its parameter has the type `parameter`; its body must have the type `result`
    /// when one is given. Returns the body's type.
    @discardableResult
    func checkClosure(_ e: Expr, parameter: SemType, result: SemType?, _ scope: Scope) -> SemType {
        guard case .closure(let named, let body) = e.kind else {
            report(SemaDiagnostics.closureExpected(at: e.span))
            check(e, scope)
            return .error
        }
        var inner = scope
        inner.pushBlock()
        if let named {
            _ = inner.declareClosureParameter(named.name, type: parameter, span: named.span)
            if ExprFacts.mentionsDollarParameter(body) {
                report(SemaDiagnostics.mixedClosureParameters(at: body.span))
                _ = inner.declareClosureParameter("$0", type: .error, span: e.span)
            }
        } else {
            _ = inner.declareClosureParameter("$0", type: parameter, span: e.span)
        }
        let type: SemType
        if let result {
            type = check(body, inner, expected: result)
            if !conforms(type, to: result) {
                report(SemaDiagnostics.mismatch(expected: result, found: type, at: body.span,
                                                help: result == .bool ? "this closure decides whether an element counts: it returns `Bool`" : nil))
            }
        } else {
            type = check(body, inner)
        }
        expressionTypes[e.id] = type
        return type
    }
}

/// Facts about the spelling of expressions.
enum ExprFacts {
    /// Whether `$0`, `$1`, … appear in `e` outside nested closures.
    static func mentionsDollarParameter(_ e: Expr) -> Bool {
        switch e.kind {
        case .name(let id): id.name.hasPrefix("$")
        case .member(let base, _), .optionalMember(let base, _): mentionsDollarParameter(base)
        case .call(let callee, let arguments): mentionsDollarParameter(callee) || arguments.contains { a in
            if case .closure = a.value.kind { return false }
            return mentionsDollarParameter(a.value)
        }
        case .subscripted(let base, let index): mentionsDollarParameter(base) || mentionsDollarParameter(index)
        case .subscriptDefault(let base, let key, let fallback):
            mentionsDollarParameter(base) || mentionsDollarParameter(key) || mentionsDollarParameter(fallback)
        case .unary(_, let operand): mentionsDollarParameter(operand)
        case .binary(_, let l, let r): mentionsDollarParameter(l) || mentionsDollarParameter(r)
        case .array(let elements): elements.contains(where: mentionsDollarParameter)
        case .dictionary(let entries): entries.contains { mentionsDollarParameter($0.key) || mentionsDollarParameter($0.value) }
        case .parenthesized(let inner): mentionsDollarParameter(inner)
        case .conditional(let c, let t, let o): mentionsDollarParameter(c) || mentionsDollarParameter(t) || mentionsDollarParameter(o)
        case .string(let segments):
            segments.contains { if case .interpolation(let x) = $0 { mentionsDollarParameter(x) } else { false } }
        case .closure, .integer, .decimal, .bool, .nilLiteral, .implicitMember, .duration, .error: false
        }
    }
}
