import EVDLSyntax

/// `switch` with its exhaustiveness check, `if let`, and mutating calls as statements.
extension Checker {
    /// `switch subject { case …: … default: … }`: patterns take the subject's type; every enum case (or `true` and
    /// `false`) is handled, or there is a `default`.
    func checkSwitch(_ s: Stmt, subject: Expr, cases: [SwitchCase], _ scope: inout Scope) {
        let subjectType = check(subject, scope)
        var seen: [String: Span] = [:]
        for (index, switchCase) in cases.enumerated() {
            if switchCase.isDefault, index != cases.count - 1 {
                report(SemaDiagnostics.defaultNotLast(at: Span(file: switchCase.span.file, start: switchCase.span.start, end: switchCase.span.start + 7)))
            }
            for pattern in switchCase.patterns {
                // A subject that is already wrong (or missing: `switch {`) gives its patterns no type to check against.
                if subjectType.containsError { continue }
                guard isConstantPattern(pattern) else {
                    report(SemaDiagnostics.switchPatternNotConstant(at: pattern.span))
                    check(pattern, scope)
                    continue
                }
                // A pattern is a constant: the conversion help of other values (`insert Int(…)`) would not apply.
                let patternType = check(pattern, scope, expected: subjectType)
                if !conforms(patternType, to: subjectType) {
                    report(SemaDiagnostics.mismatch(expected: subjectType, found: patternType, at: pattern.span,
                                                    help: "a `case` matches a value of the subject's type, `\(subjectType)`"))
                }
                guard let key = patternKey(pattern) else { continue }
                if let first = seen[key] {
                    report(SemaDiagnostics.duplicateSwitchCase(patternDisplay(pattern), at: pattern.span, first: first))
                } else {
                    seen[key] = pattern.span
                }
            }
            checkBlock(switchCase.body, &scope)
        }
        if subjectType.containsError || cases.contains(where: \.isDefault) { return }
        let label = Span(file: s.span.file, start: s.span.start, end: min(s.span.end, s.span.start + 6))
        switch subjectType {
        case .enumeration(let name):
            guard let en = symbols.enums[name] else { return }
            let missing = en.cases.filter { seen["case:\($0)"] == nil }
            if !missing.isEmpty { report(SemaDiagnostics.nonExhaustiveSwitch(subjectType, missing: missing, at: label)) }
        case .bool:
            let missing = ["true", "false"].filter { seen["bool:\($0)"] == nil }
            if !missing.isEmpty { report(SemaDiagnostics.nonExhaustiveSwitch(subjectType, missing: missing, at: label)) }
        case .int, .double, .decimal, .string, .uuid, .date, .duration, .array, .dictionary, .optional, .record, .message,
             .nilLiteral, .emptyCollection, .error, .result:
            report(SemaDiagnostics.nonExhaustiveSwitch(subjectType, missing: [], at: label))
        }
    }

    /// Enum cases (bare, `.case`, `Enum.case`) and literals.
    private func isConstantPattern(_ e: Expr) -> Bool {
        switch e.kind {
        case .integer, .decimal, .string, .bool, .implicitMember, .name, .duration: true
        case .member(let base, _): if case .name = base.kind { true } else { false }
        case .unary(.negate, let operand): isConstantPattern(operand)
        case .parenthesized(let inner): isConstantPattern(inner)
        case .nilLiteral, .optionalMember, .call, .subscripted, .subscriptDefault, .conditional, .unary, .binary, .array, .dictionary,
             .closure, .error:
            false
        }
    }

    /// A key identifying the value a pattern matches, for duplicates and exhaustiveness.
    private func patternKey(_ e: Expr) -> String? {
        if case .enumCase(_, let caseName)? = resolutions[e.id] { return "case:\(caseName)" }
        switch e.kind {
        case .bool(let b): return "bool:\(b)"
        case .integer(let t), .decimal(let t): return "number:\(t.filter { $0 != "_" })"
        case .string(let segments):
            guard segments.allSatisfy({ if case .text = $0 { true } else { false } }) else { return nil }
            return "string:" + segments.map { if case .text(let t) = $0 { t } else { "" } }.joined()
        case .parenthesized(let inner): return patternKey(inner)
        case .unary(.negate, let operand): return patternKey(operand).map { "-" + $0 }
        case .duration(let d): return "duration:\(d.totalMilliseconds)"
        case .nilLiteral, .name, .member, .implicitMember, .optionalMember, .call, .subscripted, .subscriptDefault, .unary,
             .binary, .array, .dictionary, .closure, .conditional, .error:
            return nil
        }
    }

    private func patternDisplay(_ e: Expr) -> String {
        if case .enumCase(_, let caseName)? = resolutions[e.id] { return ".\(caseName)" }
        return patternKey(e).map { String($0.drop { $0 != ":" }.dropFirst()) } ?? "value"
    }

    /// `if let a = x, let b = y { … } else …`: each name holds its unwrapped value in the `then` block (and in the
    /// bindings after it).
    func checkIfLet(_ bindings: [OptionalBinding], then: Block, otherwise: ElseBranch?, _ scope: inout Scope) {
        scope.pushBlock()
        for binding in bindings {
            let t = check(binding.value, scope)
            var bound = SemType.error
            switch t {
            case .optional(let wrapped): bound = wrapped
            case .error: break
            case .nilLiteral: report(SemaDiagnostics.cannotInfer("`nil`", at: binding.value.span))
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .record, .enumeration,
                 .message, .emptyCollection, .result:
                report(SemaDiagnostics.ifLetNotOptional(t, at: binding.value.span))
                bound = t
            }
            if binding.name.name == "_" {
                // `if let _ = value`: only whether the value is there counts.
            } else if let first = scope.declareLocal(binding.name.name, type: bound, span: binding.name.span) {
                report(SemaDiagnostics.duplicateMember("constant", binding.name.name, in: "this `if let`", at: binding.name.span, first: first))
            } else if !t.containsError {
                declaredLocals.append(binding.name)
            }
        }
        checkBlock(then, &scope)
        scope.popBlock()
        switch otherwise {
        case .block(let block)?: checkBlock(block, &scope)
        case .elseIf(let nested)?: checkStatement(nested, &scope)
        case nil: break
        }
    }

    /// `items.append(x)`, `items.removeAll(where: { … })`, `counts.removeValue(forKey: k)` as a statement: the
    /// collection must be assignable (a state or row field, or a member or element of one).
    func checkCallStatement(_ s: Stmt, call: Expr, _ scope: Scope) {
        guard case .call(let callee, let arguments) = call.kind, case .member(let base, let member) = callee.kind,
              CollectionMethods.mutatingMethods.contains(member.name) else {
            report(SemaDiagnostics.callNotStatement(at: call.span))
            check(call, scope)
            return
        }
        let name = member.name
        guard scope.context == .apply || scope.context == .projectionHandler else {
            report(SemaDiagnostics.mutatingCallNotAllowed(name, in: scope.context.description, at: call.span))
            check(base, scope)
            return
        }
        guard let collection = checkAssignable(base, scope) else {
            for a in arguments where a.value.kind != .error {
                if case .closure = a.value.kind { continue }
                check(a.value, scope)
            }
            return
        }
        expressionTypes[base.id] = collection
        resolutions[callee.id] = .builtinMember(name)
        expressionTypes[call.id] = .error
        let help: String
        switch (collection, name) {
        case (.array(let element), "append"):
            if arguments.count == 1, arguments[0].label == nil {
                check(arguments[0].value, scope, against: element)
                return
            }
            help = "write `append(value)`"
        case (.array(let element), "removeAll"), (.array(let element), "remove"):
            if arguments.isEmpty, name == "removeAll" { return }
            if arguments.count == 1, arguments[0].label?.name == "where" {
                checkClosure(arguments[0].value, parameter: element, result: .bool, scope)
                return
            }
            help = "write `removeAll(where: { … })` (or `removeAll()` to empty it)"
        case (.dictionary(let key, _), "removeValue"):
            if arguments.count == 1, arguments[0].label?.name == "forKey" {
                check(arguments[0].value, scope, against: key)
                return
            }
            help = "write `removeValue(forKey: key)`"
        case (.error, _):
            return
        default:
            report(SemaDiagnostics.unknownMember(name, of: "\(collection)", at: member.span, help: nil))
            return
        }
        report(SemaDiagnostics.wrongMethodArguments(name, at: callee.span, help: help))
        for a in arguments {
            if case .closure = a.value.kind { checkClosure(a.value, parameter: .error, result: nil, scope) } else { check(a.value, scope) }
        }
    }
}
