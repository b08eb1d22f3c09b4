import EVDLSyntax

/// Diagnostics of the expression forms real domains need: closures and collection methods, number conversions,
/// mutating calls, `switch`, `if let` and optional chaining (`EVDL0314`–`EVDL0321`).
extension SemaDiagnostics {
    static func closureOutsideCall(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidClosure, "a closure can only be passed to a collection method", at: span,
                   label: "closure here", help: "pass it to `map`, `filter`, `allSatisfy`, `contains(where:)`, `first(where:)`, `count(where:)`, `sum` or `removeAll(where:)`")
    }

    static func closureExpected(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidClosure, "expected a closure", at: span, label: "not a closure",
                   help: "write a closure such as `{ $0.quantity > 0 }` or `{ line in line.quantity > 0 }`")
    }

    static func mixedClosureParameters(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidClosure, "a closure with a named parameter cannot also use `$0`", at: span,
                   label: "uses `$0`", help: "use the parameter's name, or drop `name in` and use `$0`")
    }

    static func wrongMethodArguments(_ name: String, at span: Span, help: String) -> Diagnostic {
        invalidCallMessage("wrong arguments for `\(name)`", at: span, help: help)
    }

    static func notCallable(_ type: SemType, named name: String, at span: Span) -> Diagnostic {
        invalidCallMessage("`\(name)` is a property, not a method", at: span, help: "remove the parentheses: `.\(name)`")
    }

    static func invalidConversion(from: SemType, to: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidConversion, "cannot convert `\(from)` to `\(to)`", at: span, label: "`\(from)` here",
                   help: "`Int(…)`, `Decimal(…)` and `Double(…)` convert between numbers only")
    }

    static func mutatingCallAsValue(_ name: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidMutatingCall, "`\(name)` changes the collection and returns nothing", at: span,
                   label: "used as a value", help: "write it as a statement of its own in `apply` or a projection handler")
    }

    static func callNotStatement(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidMutatingCall, "only a call that changes a collection can stand as a statement", at: span,
                   label: "this value is not used",
                   help: "assign the value (`total = …`); statements calls are `append`, `removeAll(where:)`, `removeValue(forKey:)`")
    }

    static func mutatingCallNotAllowed(_ name: String, in context: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidMutatingCall, "`\(name)` cannot change anything in \(context)", at: span,
                   label: "nothing here may change", help: "`decide` emits events; `apply` and projection handlers change state and rows")
    }

    static func nonExhaustiveSwitch(_ subject: SemType, missing: [String], at span: Span) -> Diagnostic {
        let list = missing.prefix(5).map { "`\($0)`" }.joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
        let message = missing.isEmpty ? "`switch` over `\(subject)` must have a `default` case" : "`switch` must be exhaustive: \(list) not handled"
        let help = missing.isEmpty ? "add `default:`" : "add `case \(missing.map { ".\($0)" }.joined(separator: ", ")):` or `default:`"
        return Diagnostic(.error, nonExhaustiveSwitch, message, at: span, label: "not every value is handled", help: help)
    }

    static func duplicateSwitchCase(_ value: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, invalidSwitchCase, "`\(value)` is matched twice", at: span, label: "already handled",
                   notes: [DiagnosticNote("first matched here", at: first)], help: "remove one of the two")
    }

    static func defaultNotLast(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidSwitchCase, "`default` must be the last case", at: span, label: "not last",
                   help: "move `default:` to the end of the `switch`")
    }

    static func switchPatternNotConstant(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidSwitchCase, "a `case` matches enum cases and literals only", at: span, label: "not a constant",
                   help: "use `if` for conditions: `if total > 100 { … }`")
    }

    static func ifLetNotOptional(_ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, ifLetNotOptional, "`if let` needs an optional value, found `\(type)`", at: span,
                   label: "not optional", help: "the value is always there: use `let` and `if`")
    }

    static func optionalChainOnNonOptional(_ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, optionalChainOnNonOptional, "`?.` on a value of type `\(type)`, which is not optional", at: span,
                   label: "never `nil`", help: "write `.` instead of `?.`")
    }

    static func notSummable(_ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidElementType, "cannot sum values of type `\(type)`", at: span, label: "not a number",
                   help: "sum numbers or durations: `lines.sum { $0.unitPrice * $0.quantity }`")
    }

    static func notOrdered(_ method: String, _ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidElementType, "`\(method)` needs ordered elements, found `\(type)`", at: span,
                   label: "not ordered", help: "numbers, strings, dates and durations are ordered: `lines.map { $0.quantity }.\(method)()`")
    }

    static func helpConvert(to type: SemType) -> String {
        "convert it: insert `\(type)(…)` around the value"
    }
}

extension SemaExplanations {
    static let language: [DiagnosticExplanation] = [
        DiagnosticExplanation(code: SemaDiagnostics.invalidClosure, title: "invalid closure",
            explanation: "Closures are written as Swift writes them, `{ $0.quantity > 0 }` or `{ line in line.quantity > 0 }`, and are arguments of the collection methods `map`, `filter`, `allSatisfy`, `contains(where:)`, `first(where:)`, `count(where:)`, `sum` and `removeAll(where:)`. A closure's body is one expression; it cannot be stored or called, and it names its parameter either `$0` or by the name before `in`, not both.",
            failingExample: "let check = { $0 > 0 }", fixedExample: "let allPositive = amounts.allSatisfy { $0 > 0 }"),
        DiagnosticExplanation(code: SemaDiagnostics.invalidConversion, title: "invalid number conversion",
            explanation: "`Int(x)`, `Decimal(x)` and `Double(x)` convert between the number types. `Int(x)` rounds toward zero and saturates at `Int`'s bounds; `Decimal(x)` of a `Double` keeps the double's shortest decimal spelling. Other values do not convert.",
            failingExample: "let n = Int(\"42\")", fixedExample: "let n = Int(amount)"),
        DiagnosticExplanation(code: SemaDiagnostics.invalidMutatingCall, title: "invalid mutating call",
            explanation: "`append`, `removeAll(where:)` and `removeValue(forKey:)` change a collection of the state or a row. They are statements of their own in `apply` and projection handlers, on a field that may be assigned; they return nothing, and `decide` changes nothing (it emits events). Any other call on its own line computes a value that is not used.",
            failingExample: "apply ItemAdded {\n  let added = items.append(event.item)\n}", fixedExample: "apply ItemAdded {\n  items.append(event.item)\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.nonExhaustiveSwitch, title: "switch must be exhaustive",
            explanation: "A `switch` handles every possible value of its subject: every case of an enum (or `true` and `false`), or has a `default:` case. The message lists the enum cases not handled; adding a case to an enum later makes every `switch` over it that has no `default` fail to check, so that no code silently ignores the new case.",
            failingExample: "switch status {\ncase .open: total = 0\n}", fixedExample: "switch status {\ncase .open: total = 0\ncase .closed: total = 1\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.invalidSwitchCase, title: "invalid switch case",
            explanation: "A `case` lists enum cases or literals, each at most once in the whole `switch`, and `default:` comes last. Conditions belong in `if`.",
            failingExample: "switch status {\ncase .open: n = 1\ncase .open: n = 2\ndefault: n = 0\n}", fixedExample: "switch status {\ncase .open: n = 1\ndefault: n = 0\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.ifLetNotOptional, title: "`if let` of a value that is not optional",
            explanation: "`if let name = value` unwraps an optional: the block runs when the value is there. A value that is not optional is always there; bind it with `let` instead.",
            failingExample: "if let n = items.count { total = n }", fixedExample: "if let first = items.first { total = first.quantity }"),
        DiagnosticExplanation(code: SemaDiagnostics.optionalChainOnNonOptional, title: "`?.` on a value that is not optional",
            explanation: "Optional chaining `value?.member` reads a member of an optional value and is `nil` when the value is. On a value that is never `nil`, write `.`.",
            failingExample: "let q = line?.quantity   // `line` is a `Line`", fixedExample: "let q = line.quantity"),
        DiagnosticExplanation(code: SemaDiagnostics.invalidElementType, title: "collection method not available for the element type",
            explanation: "`sum` adds numbers or durations; `min`, `max` and `sorted` need ordered elements (numbers, strings, dates, durations). Map the elements first: `lines.map { $0.quantity }.max()`.",
            failingExample: "let best = lines.max()", fixedExample: "let most = lines.map { $0.quantity }.max()"),
    ]
}
