import EVDLSema
import EVDLSyntax

/// Closures, collection methods and the built-in functions (`Int(…)`, `min`, `abs`, `rounded`).
extension Translator {
    /// A spec closure: `{ $0.price }` (or `{ _ in … }` when the body does not use `$0`), `{ line in line.price }`.
    func lambda(parameter: Identifier?, body: Expr, in scope: ExpressionScope) -> SwiftExpr {
        var translated = translateExpression(body, in: scope, expected: typeOf(body, in: scope))
        // A saga step's result read in a closure (`tags.count(where: { $0 == charge.transactionId })`) goes through the
        // throwing `bound(_:_:)`: the closure's body needs its own `try` (the collection methods rethrow, and the
        // `try` before the whole command covers the call).
        if SwiftExprFacts.readsBoundResult(translated) { translated = .tryExpr(translated) }
        if let parameter { return .lambda(parameter: Naming.local(parameter.name), body: translated) }
        return .lambda(parameter: SwiftExprFacts.mentionsDollarZero(translated) ? nil : "_", body: translated)
    }

    /// A call whose callee the checker resolved as a built-in function or member; `nil` for other calls.
    func translateBuiltinCall(_ call: Expr, callee: Expr, arguments: [CallArgument], in scope: ExpressionScope) -> SwiftExpr? {
        if case .builtinFunction(let name)? = model.resolutions[callee.id] {
            switch name {
            case "Int", "Decimal", "Double":
                guard let argument = arguments.first else { return nil }
                let target: SemType = name == "Int" ? .int : name == "Decimal" ? .decimal : .double
                return converted(argument.value, to: target, in: scope)
            case "min", "max":
                let type = model.expressionTypes[callee.id] ?? typeOf(call, in: scope)
                return .call(.verbatim(name), arguments.map { SwiftArgument(value: widenedOperand($0.value, to: type, in: scope)) })
            case "abs":
                let type = model.expressionTypes[callee.id]
                if type == .duration, let argument = arguments.first {
                    // Swift's `abs` needs a `SignedNumeric`, which `Duration` is not.
                    return .call(.member(.verbatim("SpecMath"), "magnitude"), [SwiftArgument(value: translateExpression(argument.value, in: scope, expected: .duration))])
                }
                if type == .int, let argument = arguments.first {
                    return saturating("abs", [translateExpression(argument.value, in: scope, expected: .int)])
                }
                return .call(.verbatim("abs"), arguments.map { SwiftArgument(value: translateExpression($0.value, in: scope, expected: type)) })
            default:  // `id(n)`, `date(s)`: scenario built-ins, written as called
                return nil
            }
        }
        guard case .builtinMember(let name)? = model.resolutions[callee.id] else { return nil }
        if case .member(let base, _) = callee.kind {
            return translateMethod(name, base: base, optional: false, arguments: arguments, type: model.expressionTypes[call.id], in: scope)
        }
        if case .optionalMember(let base, _) = callee.kind {
            return translateMethod(name, base: base, optional: true, arguments: arguments, type: model.expressionTypes[call.id], in: scope)
        }
        return nil
    }

    /// `base.name(arguments)` for the collection, string and number methods of the language.
    private func translateMethod(_ name: String, base: Expr, optional: Bool, arguments: [CallArgument], type: SemType?, in scope: ExpressionScope) -> SwiftExpr {
        let receiver = translateExpression(base, in: scope)
        func member(_ m: String) -> SwiftExpr { optional ? .optionalMember(receiver, m) : .member(receiver, m) }
        func args(_ labels: [String?] = []) -> [SwiftArgument] {
            arguments.enumerated().map { i, a in
                SwiftArgument(label: i < labels.count ? labels[i] : a.label?.name, value: translateExpression(a.value, in: scope, expected: typeOf(a.value, in: scope)))
            }
        }
        var element: SemType?
        if case .array(let t)? = typeOf(base, in: scope)?.unwrappedType { element = t }
        switch name {
        case "contains":
            if arguments.first?.label?.name == "where" { return .call(member("contains"), args()) }
            return .call(member("contains"), [SwiftArgument(value: translateExpression(arguments[0].value, in: scope, expected: element ?? .string))])
        case "map", "filter", "allSatisfy":
            return .call(member(name), args())
        case "first":
            return .call(member("first"), args())
        case "count":
            // `count(where:)` as `filter(…).count`: the same result on every Swift 6 toolchain.
            return .member(.call(member("filter"), args([nil])), "count")
        case "sum":
            let values: SwiftExpr = arguments.isEmpty ? receiver : .call(member("map"), args())
            let summed: SwiftExpr = arguments.isEmpty && optional ? .optionalMember(receiver, "reduce") : .member(values, "reduce")
            // `Int`s and durations add up saturating (`SpecMath`), as the spec's `+` does.
            let saturates = type?.unwrappedType == .int || type?.unwrappedType == .duration
            return .call(summed, [SwiftArgument(value: .implicitMember("zero")), SwiftArgument(value: saturates ? .member(.verbatim("SpecMath"), "add") : .verbatim("+"))])
        case "min", "max", "sorted":
            return .call(member(name), [])
        case "reversed":
            // In an optional chain (`x?.reversed()`, `a?.tags.reversed()`) the reversed view is optional: map it whole.
            if optional || OptionalChains.isOptionalChain(base) {
                return .call(.member(.parenthesized(.call(member("reversed"), [])), "map"),
                             [SwiftArgument(value: .lambda(parameter: nil, body: .call(.verbatim("Array"), [SwiftArgument(value: .verbatim("$0"))])))])
            }
            return .call(.verbatim("Array"), [SwiftArgument(value: .call(member("reversed"), []))])
        case "rounded":
            let receiver: SwiftExpr = ExprFacts.isLiteralArithmetic(base) ? .coerced(receiver, swiftType(typeOf(base, in: scope)?.unwrappedType ?? .decimal)) : receiver
            let scale: SwiftExpr = arguments.first.map { translateExpression($0.value, in: scope, expected: .int) } ?? .integer("0")
            // An optional value (`x?.rounded()`, `a?.price.rounded()`, whose receiver is the whole optional chain)
            // goes to `SpecMath`'s optional overload, which keeps `nil`.
            return .call(.member(.verbatim("SpecMath"), "rounded"), [SwiftArgument(value: receiver), SwiftArgument(label: "scale", value: scale)])
        default:
            return .call(member(name), args())
        }
    }

    /// `Int(x)`, `Decimal(x)`, `Double(x)`: exact where Swift's initializers are, through `SpecMath` where Swift's
    /// would trap (`Int` of a huge `Double`) or does not exist (`Int` of a `Decimal`).
    func converted(_ value: Expr, to target: SemType, in scope: ExpressionScope) -> SwiftExpr {
        let source = typeOf(value, in: scope) ?? target
        var translated = translateExpression(value, in: scope, expected: source)
        // A whole-number literal is typed by Swift only from context: give it its type (`Decimal(1)`), so that an
        // overloaded `SpecMath` function or an outer conversion sees a `Decimal`, not an ambiguous literal.
        if ExprFacts.isLiteralArithmetic(value), source == .decimal || source == .double {
            translated = .coerced(translated, source == .decimal ? .named("Decimal") : .named("Double"))
        }
        switch (source, target) {
        case (.int, .int), (.decimal, .decimal), (.double, .double):
            return translated
        case (.int, .decimal):
            return .call(.verbatim("Decimal"), [SwiftArgument(value: translated)])
        case (.int, .double):
            return .call(.verbatim("Double"), [SwiftArgument(value: translated)])
        default:
            let function = target == .int ? "int" : target == .decimal ? "decimal" : "double"
            return .call(.member(.verbatim("SpecMath"), function), [SwiftArgument(value: translated)])
        }
    }

    /// An operand translated at `type`, widened from `Int` when the other side is a `Decimal` or `Double`.
    func widenedOperand(_ e: Expr, to type: SemType?, in scope: ExpressionScope) -> SwiftExpr {
        if ExprFacts.isNumberLiteral(e) { return translateExpression(e, in: scope, expected: type) }
        let own = typeOf(e, in: scope)
        if own == .int, let type, type == .decimal || type == .double {
            return converted(e, to: type, in: scope)
        }
        return translateExpression(e, in: scope, expected: own ?? type)
    }
}

extension SemType {
    /// The wrapped type of an optional, else the type itself.
    var unwrappedType: SemType {
        if case .optional(let wrapped) = self { return wrapped }
        return self
    }
}

extension SwiftExprFacts {
    /// Whether `$0` appears in `e` outside nested closures (so a closure needs no `_ in`): a nested closure's `$0` is
    /// its own (`lines.map { lines.filter { $0.ok }.count }` ignores the outer parameter).
    static func mentionsDollarZero(_ e: SwiftExpr) -> Bool {
        contains(e, intoLambdas: false) { if case .verbatim("$0") = $0 { true } else { false } }
    }
}
