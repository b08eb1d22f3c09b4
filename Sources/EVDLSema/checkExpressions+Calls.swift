import EVDLSyntax

extension Checker {
    /// Calls: `x.contains(y)`, a declared type's initializer `LineItem(sku: …)`, and the scenario built-ins
    /// `id(n)` and `date(seconds)`. A callee's recorded type is the type the call returns.
    func checkCall(_ e: Expr, callee: Expr, arguments: [CallArgument], _ scope: Scope) -> SemType {
        if case .member(let base, let member) = callee.kind, member.name == "contains" {
            return checkContains(callee: callee, base: base, arguments: arguments, scope)
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

    private func checkContains(callee: Expr, base: Expr, arguments: [CallArgument], _ scope: Scope) -> SemType {
        let baseType = check(base, scope)
        var element: SemType?
        switch baseType {
        case .array(let el): element = el
        case .string: element = .string
        case .error: element = .error
        case .optional:
            report(SemaDiagnostics.optionalNotUnwrapped(baseType, at: base.span))
        case .int, .double, .decimal, .bool, .uuid, .date, .dictionary, .record, .enumeration, .message, .nilLiteral,
             .emptyCollection, .result:
            if case .member(_, let member) = callee.kind {
                report(SemaDiagnostics.unknownMember("contains", of: "\(baseType)", at: member.span, help: nil))
            }
        }
        resolutions[callee.id] = .builtinMember("contains")
        expressionTypes[callee.id] = .bool
        guard let element else {
            for a in arguments { check(a.value, scope) }
            return .error
        }
        if arguments.count != 1 || arguments[0].label != nil {
            report(SemaDiagnostics.wrongArgumentCount("contains", found: arguments.count, at: callee.span, help: "write `contains(x)`"))
            for a in arguments { check(a.value, scope, expected: element) }
            return .bool
        }
        check(arguments[0].value, scope, against: element)
        return .bool
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
