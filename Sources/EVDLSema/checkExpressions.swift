import EVDLSyntax

extension SemType {
    /// Whether the type is or contains `.error` (an error was reported; stay silent about it).
    var containsError: Bool {
        switch self {
        case .error: true
        case .array(let t), .optional(let t): t.containsError
        case .dictionary(let k, let v): k.containsError || v.containsError
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .record, .enumeration, .message, .nilLiteral,
             .emptyCollection, .result:
            false
        }
    }

    /// The wrapped type of an optional, else the type itself.
    var unwrapped: SemType {
        if case .optional(let w) = self { return w }
        return self
    }

    /// Whether the type is `Int`, `Double` or `Decimal`.
    var isNumeric: Bool { self == .int || self == .double || self == .decimal }

    /// Whether `<`, `<=`, `>`, `>=` apply.
    var isComparable: Bool { isNumeric || self == .string || self == .date || self == .duration }
}

extension Checker {
    /// Checks an expression, records its type, and returns it. `expected` only guides literals and bare enum cases.
    @discardableResult
    func check(_ e: Expr, _ scope: Scope, expected: SemType? = nil) -> SemType {
        let type = infer(e, scope, expected)
        expressionTypes[e.id] = type
        return type
    }

    /// Checks an expression that must have the type `expected`; reports a mismatch at the expression.
    @discardableResult
    func check(_ e: Expr, _ scope: Scope, against expected: SemType) -> SemType {
        let type = check(e, scope, expected: expected)
        if !conforms(type, to: expected) {
            let help = type.isNumeric && expected.unwrapped.isNumeric ? SemaDiagnostics.helpConvert(to: expected.unwrapped) : nil
            report(SemaDiagnostics.mismatch(expected: expected, found: type, at: e.span, help: help))
        }
        return type
    }

    /// Checks a condition (`require`, `if`, `where`): it must be `Bool`.
    func checkCondition(_ e: Expr, _ scope: Scope, clause: String) {
        let type = check(e, scope, expected: .bool)
        if type != .bool && !type.containsError {
            report(SemaDiagnostics.conditionNotBool(clause, found: type, at: e.span))
        }
    }

    /// Whether a value of type `actual` may stand where `expected` is required. There are no implicit conversions;
    /// only `nil` and empty collection literals adapt, and a value is wrapped into an optional of its type.
    func conforms(_ actual: SemType, to expected: SemType) -> Bool {
        if actual == expected || actual.containsError || expected.containsError { return true }
        if case .optional(let wrapped) = expected {
            if actual == .nilLiteral { return true }
            if case .optional(let inner) = actual { return conforms(inner, to: wrapped) }
            return conforms(actual, to: wrapped)
        }
        if actual == .emptyCollection {
            if case .array = expected { return true }
            if case .dictionary = expected { return true }
            return false
        }
        if case .array(let a) = actual, case .array(let e) = expected { return conforms(a, to: e) }
        if case .dictionary(let ak, let av) = actual, case .dictionary(let ek, let ev) = expected {
            return conforms(ak, to: ek) && conforms(av, to: ev)
        }
        return false
    }

    /// The numeric type a number literal takes from context, if the context is numeric.
    func numericContext(_ expected: SemType?) -> SemType? {
        guard let t = expected?.unwrapped, t.isNumeric else { return nil }
        return t
    }

    /// The enum a bare case name or `.case` resolves against.
    func expectedEnum(_ expected: SemType?) -> EnumSymbol? {
        guard case .enumeration(let name)? = expected?.unwrapped else { return nil }
        return symbols.enums[name]
    }

    private func infer(_ e: Expr, _ scope: Scope, _ expected: SemType?) -> SemType {
        switch e.kind {
        case .integer(let text):
            let type = numericContext(expected) ?? .int
            if type == .int, Int(text.filter { $0 != "_" }) == nil { report(SemaDiagnostics.integerOverflow(text, at: e.span)) }
            return type
        case .decimal:
            if let t = numericContext(expected), t != .int { return t }
            return .double
        case .string(let segments):
            for case .interpolation(let x) in segments { check(x, scope) }
            return .string
        case .bool:
            return .bool
        case .nilLiteral:
            if let expected, case .optional = expected { return expected }
            return .nilLiteral
        case .name(let id):
            guard let (resolution, type) = resolveValueName(id, scope, expected: expected) else { return .error }
            resolutions[e.id] = resolution
            return type
        case .member(let base, let member):
            return checkMember(e, base: base, member: member, scope)
        case .implicitMember(let id):
            guard let en = expectedEnum(expected) else {
                report(SemaDiagnostics.cannotInfer("`.\(id.name)`", at: e.span))
                return .error
            }
            usedTypes.insert(en.name)
            guard en.caseSet.contains(id.name) else {
                report(SemaDiagnostics.unknownMember(id.name, of: en.name, at: id.span, help: Suggestions.help(for: id.name, among: en.cases)))
                return .error
            }
            resolutions[e.id] = .enumCase(enumName: en.name, caseName: id.name)
            return .enumeration(en.name)
        case .call(let callee, let arguments):
            return checkCall(e, callee: callee, arguments: arguments, scope, expected: expected)
        case .subscripted(let base, let index):
            return checkSubscript(base: base, index: index, scope)
        case .unary(let op, let operand):
            return checkUnary(e, op, operand, scope, expected)
        case .binary(let op, let lhs, let rhs):
            return checkBinary(e, op, lhs, rhs, scope, expected)
        case .array(let elements):
            return checkArrayLiteral(elements, scope, expected)
        case .dictionary(let entries):
            return checkDictionaryLiteral(entries, scope, expected)
        case .parenthesized(let inner):
            return check(inner, scope, expected: expected)
        case .duration:
            return .duration
        case .optionalMember(let base, let member):
            return checkOptionalMember(e, base: base, member: member, scope)
        case .closure(_, let body):
            report(SemaDiagnostics.closureOutsideCall(at: e.span))
            var inner = scope
            inner.pushBlock()
            _ = inner.declareLocal("$0", type: .error, span: e.span)
            check(body, inner)
            return .error
        case .subscriptDefault(let base, let key, let fallback):
            return checkSubscriptDefault(base: base, key: key, fallback: fallback, scope)
        case .conditional(let condition, let then, let otherwise):
            return checkConditional(condition: condition, then: then, otherwise: otherwise, scope, expected: expected)
        case .error:
            return .error
        }
    }

    /// Resolves a bare name used as a value; reports an unknown or unavailable name and returns `nil` then.
    func resolveValueName(_ id: Identifier, _ scope: Scope, expected: SemType?) -> (NameResolution, SemType)? {
        let name = id.name
        if let binding = scope.lookup(name) {
            markUsed(binding)
            return (binding.resolution, binding.type)
        }
        if name == "now" {
            if scope.nowAllowed { return (.now, .date) }
            report(SemaDiagnostics.nowNotAllowed(in: scope.context.description, at: id.span))
            return nil
        }
        if let pending = scope.pending[name] {
            report(SemaDiagnostics.valueNotYetProduced(name, reason: pending.reason, at: id.span, binding: pending.span))
            return nil
        }
        if let en = expectedEnum(expected), en.caseSet.contains(name) {
            usedTypes.insert(en.name)
            return (.enumCase(enumName: en.name, caseName: name), .enumeration(en.name))
        }
        var candidates = scope.visibleNames
        if let en = expectedEnum(expected) { candidates.append(contentsOf: en.cases) }
        if scope.nowAllowed { candidates.append("now") }
        var help = Suggestions.help(for: name, among: candidates)
        if help == nil, let owners = caseOwners[name] {
            help = SemaDiagnostics.helpQualifyCase(name, of: owners[0])
        } else if help == nil, name == "id" || name == "date" {
            help = SemaDiagnostics.helpScenarioOnly(name)
        } else if help == nil, ["event", "state", "command", "row"].contains(name) {
            help = SemaDiagnostics.helpContextValueUnavailable(name, in: scope.context.description)
        } else if help == nil, let entry = topLevel[name] {
            help = SemaDiagnostics.helpNotAValue(name, is: entry.kind.noun)
        }
        report(SemaDiagnostics.unknownName(name, at: id.span, help: help))
        return nil
    }

    private func checkMember(_ e: Expr, base: Expr, member: Identifier, _ scope: Scope) -> SemType {
        if case .name(let baseName) = base.kind, let en = symbols.enums[baseName.name], !scope.has(baseName.name) {
            // `OrderStatus.draft`: the base names a type, not a value; the member carries the meaning
            // (the base is recorded with the enum's type and no resolution).
            usedTypes.insert(en.name)
            expressionTypes[base.id] = .enumeration(en.name)
            guard en.caseSet.contains(member.name) else {
                report(SemaDiagnostics.unknownMember(member.name, of: en.name, at: member.span, help: Suggestions.help(for: member.name, among: en.cases)))
                return .error
            }
            resolutions[e.id] = .enumCase(enumName: en.name, caseName: member.name)
            return .enumeration(en.name)
        }
        if case .name(let baseName) = base.kind, let value = scope.contextValues[baseName.name], !scope.hasValue(baseName.name) {
            resolutions[base.id] = .contextValue(baseName.name)
            expressionTypes[base.id] = value.type
            guard let fieldType = value.type(of: member.name) else {
                report(SemaDiagnostics.unknownField(member.name, of: "\(value.type)", at: member.span,
                                                    help: Suggestions.help(for: member.name, among: value.names)))
                return .error
            }
            resolutions[e.id] = value.resolution(member.name)
            return fieldType
        }
        let baseType = check(base, scope)
        if case .optional(let wrapped) = baseType, OptionalChains.isOptionalChain(base) {
            // `a?.b.c`: the chain goes on past `?.`, and the whole chain is optional.
            return memberOf(e, baseType: wrapped, base: base, member: member).optionalized
        }
        return memberOf(e, baseType: baseType, base: base, member: member)
    }

    /// `base?.member`: the member of the wrapped value, optional.
    func checkOptionalMember(_ e: Expr, base: Expr, member: Identifier, _ scope: Scope) -> SemType {
        let baseType = check(base, scope)
        switch baseType {
        case .error:
            return .error
        case .optional(let wrapped):
            return memberOf(e, baseType: wrapped, base: base, member: member).optionalized
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .record, .enumeration,
             .message, .nilLiteral, .emptyCollection, .result:
            report(SemaDiagnostics.optionalChainOnNonOptional(baseType, at: base.span))
            return memberOf(e, baseType: baseType, base: base, member: member)
        }
    }

    /// The type of `base.member` for a base of a known type.
    func memberOf(_ e: Expr, baseType: SemType, base: Expr, member: Identifier) -> SemType {
        let name = member.name
        func field(_ list: FieldList?, owner: String) -> SemType {
            guard let list else { return .error }
            guard let type = list.type(of: name) else {
                report(SemaDiagnostics.unknownField(name, of: owner, at: member.span, help: Suggestions.help(for: name, among: list.names)))
                return .error
            }
            resolutions[e.id] = .recordField(name)
            return type
        }
        func builtin(_ type: SemType) -> SemType {
            resolutions[e.id] = .builtinMember(name)
            return type
        }
        func unknown(_ members: [String]) -> SemType {
            report(SemaDiagnostics.unknownMember(name, of: "\(baseType)", at: member.span, help: Suggestions.help(for: name, among: members)))
            return .error
        }
        func uncalledMethod() -> SemType {
            report(SemaDiagnostics.uncalledMethod(name, at: member.span))
            return .error
        }
        switch baseType {
        case .error:
            return .error
        case .optional:
            report(SemaDiagnostics.optionalNotUnwrapped(baseType, at: base.span))
            return .error
        case .record(let r):
            return field(symbols.records[r]?.fields, owner: r)
        case .message(let q):
            let parts = q.split(separator: ".").map(String.init)
            guard parts.count == 2 else { return .error }
            if let c = symbols.aggregates[parts[0]]?.commands[parts[1]] ?? symbols.services[parts[0]]?.commands[parts[1]] {
                if let id = c.identity, id.name == name { resolutions[e.id] = .recordField(name); return id.type }
                return field(c.fields, owner: q)
            }
            if let ev = symbols.aggregates[parts[0]]?.events[parts[1]] {
                if let id = ev.identity, id.name == name { resolutions[e.id] = .recordField(name); return id.type }
                return field(ev.fields, owner: q)
            }
            return .error
        case .result(let q):
            let parts = q.split(separator: ".").map(String.init)
            guard parts.count == 2, let c = symbols.services[parts[0]]?.commands[parts[1]] ?? symbols.aggregates[parts[0]]?.commands[parts[1]] else { return .error }
            return field(c.result, owner: "\(q).Result")
        case .string:
            switch name {
            case "count": return builtin(.int)
            case "isEmpty": return builtin(.bool)
            case "contains": return uncalledMethod()
            default: return unknown(["count", "isEmpty", "contains"])
            }
        case .array(let element):
            switch name {
            case "count": return builtin(.int)
            case "isEmpty": return builtin(.bool)
            case "first", "last": return builtin(.optional(element))
            default:
                if CollectionMethods.arrayMethods.contains(name) {
                    report(SemaDiagnostics.uncalledMethod(name, at: member.span))
                    return .error
                }
                return unknown(["count", "isEmpty", "first", "last"] + CollectionMethods.arrayMethods)
            }
        case .dictionary(let k, let v):
            switch name {
            case "count": return builtin(.int)
            case "isEmpty": return builtin(.bool)
            case "keys": return builtin(.array(k))
            case "values": return builtin(.array(v))
            default: return unknown(["count", "isEmpty", "keys", "values"])
            }
        case .int, .double, .decimal, .bool, .uuid, .date, .duration, .enumeration, .nilLiteral, .emptyCollection:
            return unknown([])
        }
    }
}
