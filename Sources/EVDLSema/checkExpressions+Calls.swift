import EVDLSyntax

extension Checker {
    /// Calls: `x.contains(y)`, a declared type's initializer `LineItem(sku: …)`, and the scenario built-ins
    /// `id(n)` and `date(seconds)`. A callee's recorded type is the type the call returns.
    func checkCall(_ e: Expr, callee: Expr, arguments: [CallArgument], _ scope: Scope, expected: SemType? = nil) -> SemType {
        if case .member(let base, let member) = callee.kind {
            return checkMethodCall(e, callee: callee, base: base, member: member, optionalChain: false, arguments: arguments, scope, expected: expected)
        }
        if case .optionalMember(let base, let member) = callee.kind {
            return checkMethodCall(e, callee: callee, base: base, member: member, optionalChain: true, arguments: arguments, scope, expected: expected)
        }
        if case .name(let id) = callee.kind, !scope.has(id.name), symbols.records[id.name] == nil,
           Checker.builtinFunctions.contains(id.name) {
            return checkBuiltinCall(e, callee: callee, name: id.name, arguments: arguments, scope, expected: expected)
        }
        if case .name(let id) = callee.kind, !scope.has(id.name) {
            if let record = symbols.records[id.name] {
                return checkInitializer(callee: callee, record: record, arguments: arguments, scope)
            }
            if id.name == "id" || id.name == "date", scope.context == .scenario {
                return checkBuiltinFunction(callee: callee, name: id.name, arguments: arguments, scope)
            }
            if symbols.enums[id.name] != nil {
                usedTypes.insert(id.name)
                report(SemaDiagnostics.enumHasNoInitializer(id.name, firstCase: symbols.enums[id.name]!.cases.first ?? "case", at: callee.span))
                for a in arguments { check(a.value, scope) }
                return .error
            }
        }
        let t = check(callee, scope)
        for a in arguments { check(a.value, scope) }
        if !t.containsError { report(SemaDiagnostics.notCallable(t, at: callee.span)) }
        return .error
    }

    /// `base.name(arguments)`: a method of an array, a string or a number (`base?.name(…)` when `optionalChain`).
    private func checkMethodCall(_ e: Expr, callee: Expr, base: Expr, member: Identifier, optionalChain: Bool,
                                 arguments: [CallArgument], _ scope: Scope, expected: SemType?) -> SemType {
        let name = member.name
        if CollectionMethods.mutatingMethods.contains(name) {
            report(SemaDiagnostics.mutatingCallAsValue(name, at: e.span))
            check(base, scope)
            for a in arguments {
                if case .closure(_, let body) = a.value.kind { var inner = scope; inner.pushBlock(); _ = inner.declareClosureParameter("$0", type: .error, span: a.value.span); check(body, inner) } else { check(a.value, scope) }
            }
            return .error
        }
        var baseType = check(base, scope)
        var lift = false
        if case .optional(let wrapped) = baseType, optionalChain || OptionalChains.isOptionalChain(base) {
            baseType = wrapped
            lift = true
        } else if optionalChain, !baseType.containsError {
            report(SemaDiagnostics.optionalChainOnNonOptional(baseType, at: base.span))
        }
        let result = methodResult(e, callee: callee, baseType: baseType, base: base, member: member, arguments: arguments, scope, expected: expected)
        expressionTypes[callee.id] = result
        return lift ? result.optionalized : result
    }

    private func methodResult(_ e: Expr, callee: Expr, baseType: SemType, base: Expr, member: Identifier,
                              arguments: [CallArgument], _ scope: Scope, expected: SemType?) -> SemType {
        let name = member.name
        func skipArguments() {
            for a in arguments {
                if case .closure(let p, let body) = a.value.kind {
                    var inner = scope
                    inner.pushBlock()
                    _ = inner.declareClosureParameter(p?.name ?? "$0", type: .error, span: a.value.span)
                    check(body, inner)
                } else {
                    check(a.value, scope)
                }
            }
        }
        switch baseType {
        case .array(let element):
            if let t = checkArrayMethod(e, callee: callee, name: name, element: element, arguments: arguments, scope, expected: expected) {
                return t
            }
            report(SemaDiagnostics.unknownMember(name, of: "\(baseType)", at: member.span,
                                                 help: Suggestions.help(for: name, among: CollectionMethods.arrayMethods)))
        case .string where name == "contains":
            resolutions[callee.id] = .builtinMember(name)
            guard arguments.count == 1, arguments[0].label == nil else {
                report(SemaDiagnostics.wrongArgumentCount("contains", found: arguments.count, at: callee.span, help: "write `contains(\"text\")`"))
                skipArguments()
                return .bool
            }
            check(arguments[0].value, scope, against: .string)
            return .bool
        case .decimal where name == "rounded", .double where name == "rounded":
            return checkRounded(callee: callee, baseType: baseType, arguments: arguments, scope)
        case .error:
            break
        case .optional:
            report(SemaDiagnostics.optionalNotUnwrapped(baseType, at: base.span))
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .dictionary, .record, .enumeration, .message,
             .nilLiteral, .emptyCollection, .result:
            let known: [String] = baseType == .string ? ["contains"] : baseType == .decimal || baseType == .double ? ["rounded"] : []
            if memberIsProperty(baseType, name) {
                report(SemaDiagnostics.notCallable(.error, named: name, at: callee.span))
            } else {
                report(SemaDiagnostics.unknownMember(name, of: "\(baseType)", at: member.span, help: Suggestions.help(for: name, among: known)))
            }
        }
        skipArguments()
        return .error
    }

    /// Whether `name` is a property (not a method) of the type, to say "not a function" instead of "no member".
    private func memberIsProperty(_ type: SemType, _ name: String) -> Bool {
        switch type {
        case .string: name == "count" || name == "isEmpty"
        case .dictionary: ["count", "isEmpty", "keys", "values"].contains(name)
        case .record(let r): symbols.records[r]?.fields[name] != nil
        case .int, .double, .decimal, .bool, .uuid, .date, .duration, .array, .optional, .enumeration, .message,
             .nilLiteral, .emptyCollection, .result, .error:
            false
        }
    }

    private func checkInitializer(callee: Expr, record: RecordSymbol, arguments: [CallArgument], _ scope: Scope) -> SemType {
        usedTypes.insert(record.name)
        resolutions[callee.id] = .typeInitializer(record.name)
        expressionTypes[callee.id] = .record(record.name)
        var seen: [String: Span] = [:]
        for argument in arguments {
            guard let label = argument.label else {
                report(SemaDiagnostics.initializerNeedsLabels(record.name, at: argument.value.span))
                check(argument.value, scope)
                continue
            }
            if let first = seen[label.name] {
                report(SemaDiagnostics.duplicateArgument(label.name, at: label.span, first: first))
                check(argument.value, scope)
                continue
            }
            seen[label.name] = label.span
            guard let field = record.fields[label.name] else {
                report(SemaDiagnostics.unknownField(label.name, of: record.name, at: label.span,
                                                    help: Suggestions.help(for: label.name, among: record.fields.names)))
                check(argument.value, scope)
                continue
            }
            check(argument.value, scope, against: field.type)
        }
        let missing = record.fields.fields.filter { !$0.hasDefault && seen[$0.name] == nil }
        if !missing.isEmpty {
            report(SemaDiagnostics.missingFields(missing.map(\.name), of: record.name, at: callee.span, declared: missing[0].nameSpan))
        }
        return .record(record.name)
    }

    private func checkBuiltinFunction(callee: Expr, name: String, arguments: [CallArgument], _ scope: Scope) -> SemType {
        let result: SemType = name == "id" ? .uuid : .date
        resolutions[callee.id] = .builtinFunction(name)
        expressionTypes[callee.id] = result
        guard arguments.count == 1, arguments[0].label == nil else {
            report(SemaDiagnostics.wrongArgumentCount(name, found: arguments.count, at: callee.span, help: name == "id" ? "write `id(1)`: the same number gives the same UUID" : "write `date(0)`: seconds since 1970"))
            for a in arguments { check(a.value, scope) }
            return result
        }
        if name == "id" {
            check(arguments[0].value, scope, against: .int)
        } else {
            let t = check(arguments[0].value, scope, expected: .int)
            if t != .int && t != .double && !t.containsError {
                report(SemaDiagnostics.mismatch(expected: .int, found: t, at: arguments[0].value.span, help: "`date` takes seconds as `Int` or `Double`"))
            }
        }
        return result
    }
}
