/// Every lexical (`EVDL00xx`) and syntax (`EVDL01xx`) diagnostic: its code, message, label and help, in one place.
///
/// Messages follow rustc: lowercase, no final period, names and tokens in backticks. `found` arguments are token
/// descriptions made by the parser (`` `{` ``, "keyword `state`", "end of file").
enum SyntaxDiagnostics {
    // MARK: Codes

    static let invalidUTF8Code = DiagnosticCode("EVDL0001")
    static let unexpectedCharacterCode = DiagnosticCode("EVDL0002")
    static let unterminatedStringCode = DiagnosticCode("EVDL0003")
    static let unterminatedCommentCode = DiagnosticCode("EVDL0004")
    static let unterminatedInterpolationCode = DiagnosticCode("EVDL0005")
    static let invalidEscapeCode = DiagnosticCode("EVDL0006")
    static let invalidUnicodeEscapeCode = DiagnosticCode("EVDL0007")
    static let invalidNumberSuffixCode = DiagnosticCode("EVDL0008")
    static let fractionalDurationCode = DiagnosticCode("EVDL0009")
    static let expectedDeclarationCode = DiagnosticCode("EVDL0101")
    static let unclosedDelimiterCode = DiagnosticCode("EVDL0102")
    static let expectedNameCode = DiagnosticCode("EVDL0103")
    static let expectedTokenCode = DiagnosticCode("EVDL0104")
    static let expectedExpressionCode = DiagnosticCode("EVDL0105")
    static let expectedTypeCode = DiagnosticCode("EVDL0106")
    static let missingSeparatorCode = DiagnosticCode("EVDL0107")
    static let unexpectedMemberCode = DiagnosticCode("EVDL0108")
    static let expectedStatementCode = DiagnosticCode("EVDL0109")
    static let chainedComparisonCode = DiagnosticCode("EVDL0110")
    static let nestingTooDeepCode = DiagnosticCode("EVDL0111")
    static let invalidCountCode = DiagnosticCode("EVDL0112")
    static let invalidEventVersionCode = DiagnosticCode("EVDL0113")
    static let duplicateClauseCode = DiagnosticCode("EVDL0114")
    static let interpolationNotAllowedCode = DiagnosticCode("EVDL0115")
    static let expressionNotStatementCode = DiagnosticCode("EVDL0116")
    static let invalidAssignmentTargetCode = DiagnosticCode("EVDL0117")
    static let missingClauseCode = DiagnosticCode("EVDL0118")
    static let notAllowedHereCode = DiagnosticCode("EVDL0119")
    static let forceUnwrapCode = DiagnosticCode("EVDL0120")
    static let switchCaseExpectedCode = DiagnosticCode("EVDL0121")
    static let caseOutsideSwitchCode = DiagnosticCode("EVDL0122")
    static let strayQuestionCode = DiagnosticCode("EVDL0123")
    static let tooManyErrorsCode = DiagnosticCode("EVDL0190")

    /// Every code above.
    static let allCodes: [DiagnosticCode] = [
        invalidUTF8Code, unexpectedCharacterCode, unterminatedStringCode, unterminatedCommentCode,
        unterminatedInterpolationCode, invalidEscapeCode, invalidUnicodeEscapeCode, invalidNumberSuffixCode,
        fractionalDurationCode, expectedDeclarationCode, unclosedDelimiterCode, expectedNameCode, expectedTokenCode,
        expectedExpressionCode, expectedTypeCode, missingSeparatorCode, unexpectedMemberCode, expectedStatementCode,
        chainedComparisonCode, nestingTooDeepCode, invalidCountCode, invalidEventVersionCode, duplicateClauseCode,
        interpolationNotAllowedCode, expressionNotStatementCode, invalidAssignmentTargetCode, missingClauseCode,
        notAllowedHereCode, forceUnwrapCode, switchCaseExpectedCode, caseOutsideSwitchCode, strayQuestionCode,
        tooManyErrorsCode,
    ]

    // MARK: Lexical

    static func invalidUTF8(_ span: Span) -> Diagnostic {
        Diagnostic(.error, invalidUTF8Code, "invalid UTF-8 in source file", at: span,
                   label: "not valid UTF-8", help: "save the file as UTF-8")
    }

    static func unexpectedCharacters(_ span: Span, text: String, help: String?) -> Diagnostic {
        let printable = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        let noun = text.unicodeScalars.count == 1 ? "character" : "characters"
        return Diagnostic(.error, unexpectedCharacterCode, "unexpected \(noun) `\(printable)`", at: span,
                          label: "not part of any token",
                          help: help)
    }

    static func unterminatedString(_ span: Span) -> Diagnostic {
        Diagnostic(.error, unterminatedStringCode, "unterminated string literal", at: span,
                   label: "string is not closed on this line",
                   help: "add the closing `\"`; a string cannot span lines (write `\\n` for a line break)")
    }

    static func unterminatedBlockComment(_ span: Span, depth: Int) -> Diagnostic {
        Diagnostic(.error, unterminatedCommentCode, "unterminated block comment", at: span,
                   label: "comment opened here",
                   help: depth > 1
                       ? "block comments nest: \(depth) `*/` are missing, one for every unclosed `/*`"
                       : "close it with `*/`")
    }

    static func unterminatedInterpolation(_ span: Span) -> Diagnostic {
        Diagnostic(.error, unterminatedInterpolationCode, "unterminated string interpolation", at: span,
                   label: "`\\(` opened here is not closed on this line",
                   help: "close the interpolation with `)` and the string with `\"` on the same line")
    }

    static func invalidEscape(_ span: Span, text: String) -> Diagnostic {
        Diagnostic(.error, invalidEscapeCode, "invalid escape sequence `\(text)` in string literal", at: span,
                   label: "unknown escape",
                   help: "valid escapes are `\\n`, `\\t`, `\\r`, `\\\"`, `\\\\`, `\\0`, `\\u{…}` and `\\(…)`; write `\\\\` for a backslash")
    }

    static func invalidUnicodeEscape(_ span: Span, text: String) -> Diagnostic {
        Diagnostic(.error, invalidUnicodeEscapeCode, "invalid unicode escape `\(text)`", at: span,
                   label: "expected 1 to 8 hexadecimal digits in braces naming a Unicode scalar",
                   help: "write the scalar's number in hexadecimal, e.g. `\\u{1F600}`")
    }

    static func invalidNumberSuffix(_ span: Span, suffix: String, number: String) -> Diagnostic {
        Diagnostic(.error, invalidNumberSuffixCode, "invalid suffix `\(suffix)` on number `\(number)`", at: span,
                   label: "not a duration unit",
                   help: "duration units are `ms`, `s`, `m`, `h` and `d`; put a space between a number and a name")
    }

    static func fractionalDuration(_ span: Span, text: String) -> Diagnostic {
        Diagnostic(.error, fractionalDurationCode, "duration `\(text)` must be a whole number", at: span,
                   label: "fractional duration", help: "use a smaller unit, e.g. `90m` instead of `1.5h`")
    }

    // MARK: Syntax

    static let declarationKeywords = "`type`, `enum`, `aggregate`, `service`, `projection`, `saga`, `policy`, `publish` or `scenario`"

    static func expectedDeclaration(_ span: Span, found: String) -> Diagnostic {
        Diagnostic(.error, expectedDeclarationCode, "expected a declaration, found \(found)", at: span,
                   label: "expected a declaration",
                   help: "a spec file holds \(declarationKeywords) declarations")
    }

    static func unclosedDelimiter(_ span: Span, closer: String, context: String, opener: Span, found: String) -> Diagnostic {
        Diagnostic(.error, unclosedDelimiterCode, "expected `\(closer)` to close \(context), found \(found)", at: span,
                   label: "expected `\(closer)`", notes: [DiagnosticNote("\(context) opened here", at: opener)])
    }

    static func expectedName(_ span: Span, what: String, found: String, foundKeyword: String?) -> Diagnostic {
        Diagnostic(.error, expectedNameCode, "expected \(what), found \(found)", at: span,
                   label: "expected a name",
                   help: foundKeyword.map { "`\($0)` is a keyword; choose another name" })
    }

    static func expectedToken(_ span: Span, expected: String, context: String, found: String, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, expectedTokenCode, "expected \(expected) \(context), found \(found)", at: span,
                   label: "expected \(expected)", help: help)
    }

    static func expectedExpression(_ span: Span, found: String, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, expectedExpressionCode, "expected an expression, found \(found)", at: span,
                   label: "expected an expression", help: help)
    }

    static func expectedType(_ span: Span, found: String) -> Diagnostic {
        Diagnostic(.error, expectedTypeCode, "expected a type, found \(found)", at: span, label: "expected a type",
                   help: "types are `Int`, `Double`, `Decimal`, `String`, `Bool`, `UUID`, `Date`, declared names, `[T]`, `[K: V]` and `T?`")
    }

    static func missingSeparator(_ span: Span, items: String, separators: String) -> Diagnostic {
        Diagnostic(.error, missingSeparatorCode, "consecutive \(items) on a line must be separated by \(separators)", at: span,
                   label: "expected a line break or \(separators)")
    }

    static func unexpectedMember(_ span: Span, body: String, allowed: String, found: String) -> Diagnostic {
        Diagnostic(.error, unexpectedMemberCode, "unexpected \(found) in \(body)", at: span,
                   label: "not allowed here", help: "\(body) holds \(allowed)")
    }

    static func expectedStatement(_ span: Span, found: String) -> Diagnostic {
        Diagnostic(.error, expectedStatementCode, "expected a statement, found \(found)", at: span,
                   label: "expected a statement",
                   help: "statements are `require`, `emit`, `if`, `let`, `delete` and assignments such as `total = 0`")
    }

    static func chainedComparison(_ span: Span, first: String, second: String) -> Diagnostic {
        Diagnostic(.error, chainedComparisonCode, "comparison operators cannot be chained", at: span,
                   label: "`\(second)` after `\(first)`",
                   help: "compare twice and join with `&&`, e.g. `a < b && b < c`")
    }

    static func nestingTooDeep(_ span: Span, limit: Int) -> Diagnostic {
        Diagnostic(.error, nestingTooDeepCode, "nesting is deeper than \(limit) levels", at: span,
                   label: "too deeply nested", help: "split the expression, type or block into smaller parts")
    }

    static func invalidCount(_ span: Span, what: String, text: String) -> Diagnostic {
        Diagnostic(.error, invalidCountCode, "invalid count `\(text)` for \(what)", at: span,
                   label: "expected a whole number from 1 to 2147483647")
    }

    static func invalidEventVersion(_ span: Span, text: String) -> Diagnostic {
        Diagnostic(.error, invalidEventVersionCode, "invalid event version `\(text)`", at: span,
                   label: "expected `v1`, `v2`, …",
                   help: "a version is `v` followed by a whole number from 1, right after the event's name")
    }

    static func duplicateClause(_ span: Span, clause: String, owner: String, first: Span) -> Diagnostic {
        Diagnostic(.error, duplicateClauseCode, "duplicate `\(clause)` in \(owner)", at: span,
                   label: "given again here", notes: [DiagnosticNote("first given here", at: first)],
                   help: "each clause may be given at most once; remove one")
    }

    static func interpolationNotAllowed(_ span: Span, context: String) -> Diagnostic {
        Diagnostic(.error, interpolationNotAllowedCode, "string interpolation is not allowed in \(context)", at: span,
                   label: "interpolation", help: "\(context) is fixed text")
    }

    static func expressionNotStatement(_ span: Span) -> Diagnostic {
        Diagnostic(.error, expressionNotStatementCode, "expression is not a statement", at: span,
                   label: "this value is not used",
                   help: "assign it (`total = …`), or test it with `require … else \"…\"` or `if … { }`")
    }

    static func invalidAssignmentTarget(_ span: Span) -> Diagnostic {
        Diagnostic(.error, invalidAssignmentTargetCode, "cannot assign to this expression", at: span,
                   label: "not a field",
                   help: "the left side of an assignment is a name such as `total` or a member such as `state.total`")
    }

    static func stepWithoutInvoke(_ span: Span, step: String) -> Diagnostic {
        Diagnostic(.error, missingClauseCode, "step `\(step)` has no `invoke` clause", at: span,
                   label: "this step invokes nothing", help: "add `invoke Service.Command { … }` to the step")
    }

    static func policyWithoutTrigger(_ span: Span, policy: String) -> Diagnostic {
        Diagnostic(.error, missingClauseCode, "policy `\(policy)` has no `on` clause", at: span,
                   label: "no triggering event", help: "add `on Aggregate.Event` to say which event the policy reacts to")
    }

    static func policyWithoutSend(_ span: Span, policy: String) -> Diagnostic {
        Diagnostic(.error, missingClauseCode, "policy `\(policy)` sends no command", at: span,
                   label: "nothing to send", help: "add `send Target.Command { … }` (or `after 30m send …`)")
    }

    static func scenarioWithoutWhen(_ span: Span) -> Diagnostic {
        Diagnostic(.error, missingClauseCode, "scenario has no `when` clause", at: span,
                   label: "expected `when` before the end of the scenario",
                   help: "add `when Aggregate.Command { … }`: the command the scenario sends (with `for`, the event or query)")
    }

    static func delayWithSagaOutcome(_ span: Span, outcome: Span) -> Diagnostic {
        Diagnostic(.error, notAllowedHereCode, "`after` cannot be combined with a saga outcome", at: span,
                   label: "a delay belongs to a policy scenario",
                   notes: [DiagnosticNote("the saga outcome is given here", at: outcome)],
                   help: "a saga scenario lists the commands sent and ends with `completed`, `compensated` or `failed`; remove `after …`")
    }

    static func scenarioWithoutThen(_ span: Span) -> Diagnostic {
        Diagnostic(.error, missingClauseCode, "scenario has no `then` clause", at: span,
                   label: "expected `then` before the end of the scenario",
                   help: "add `then Event { … }`, `then rejected \"…\"` or `then nothing` (a saga: the commands sent and `completed`, `compensated` or `failed`)")
    }

    static func serviceCommandEmits(_ span: Span) -> Diagnostic {
        Diagnostic(.error, notAllowedHereCode, "a service command cannot list `emits`", at: span,
                   label: "only aggregate commands emit events",
                   help: "remove `emits …`; a service is implemented in Swift and returns a result (`-> { … }`)")
    }

    static func aggregateCommandResult(_ span: Span) -> Diagnostic {
        Diagnostic(.error, notAllowedHereCode, "only a service command can declare a result", at: span,
                   label: "aggregate commands have no result",
                   help: "an aggregate command answers with events; move the command to a `service` to return values")
    }

    static func scenarioClauseOutOfOrder(_ span: Span, clause: String, before: String) -> Diagnostic {
        Diagnostic(.error, notAllowedHereCode, "`\(clause)` must come before `\(before)`", at: span,
                   label: "out of order", help: "write a scenario's clauses in the order `given`, `when`, `then`")
    }

    static func forceUnwrap(_ span: Span, operand: Span) -> Diagnostic {
        Diagnostic(.error, forceUnwrapCode, "force unwrapping with `!` is not supported", at: span,
                   label: "would trap when the value is `nil`",
                   help: "unwrap safely: `if let x = value { … }`, `value ?? fallback`, or `value?.member`")
    }

    static func serviceCommandCreates(_ span: Span) -> Diagnostic {
        Diagnostic(.error, notAllowedHereCode, "a service command cannot say `creates`", at: span,
                   label: "only aggregate commands create their aggregate",
                   help: "remove it: a service has no stream that could exist or not")
    }

    static func optionalSubscriptOrCall(_ span: Span, opener: String) -> Diagnostic {
        Diagnostic(.error, strayQuestionCode, "optional chaining is written `?.member`: `?\(opener)` is not supported", at: span,
                   label: "the value before `?` is optional",
                   help: opener == "["
                       ? "unwrap it first (`if let items = value { … items[0] … }`) or give a fallback: `(value ?? [])[0]`"
                       : "unwrap it first: `if let value = value { … }`")
    }

    static func strayQuestion(_ span: Span) -> Diagnostic {
        Diagnostic(.error, strayQuestionCode, "a `?` after a value must start `?.member` or `? value : otherValue`", at: span,
                   label: "nothing follows this `?`",
                   help: "optional types are written in type annotations (`Int?`); in an expression use `?.member`, `?? fallback` or `if let`")
    }

    static func caseOutsideSwitch(_ span: Span, label: String) -> Diagnostic {
        Diagnostic(.error, caseOutsideSwitchCode, "`\(label)` label outside a `switch`", at: span,
                   label: "no `switch` encloses this label",
                   help: "write `switch value {` before the cases, or test one value with `if value == … { }`")
    }

    static func statementBeforeCase(_ span: Span) -> Diagnostic {
        Diagnostic(.error, switchCaseExpectedCode, "a `switch` body starts with `case` or `default`", at: span,
                   label: "this statement belongs to no case",
                   help: "write `case .value:` (or `default:`) before the statements")
    }

    static func tooManyErrors(_ span: Span?, more: Int) -> Diagnostic {
        Diagnostic(.note, tooManyErrorsCode, "too many errors in this file; \(more) more not shown", at: span,
                   help: "fix the errors above and run again")
    }
}
