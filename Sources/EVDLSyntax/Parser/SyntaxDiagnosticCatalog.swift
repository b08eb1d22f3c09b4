/// The explanations of every lexical and syntax diagnostic code, for `evdlc explain`.
public enum SyntaxDiagnosticCatalog {
    /// One entry per code the lexer and parser emit.
    public static let explanations: [DiagnosticExplanation] = lexical + syntax

    static func entry(_ code: DiagnosticCode, _ title: String, _ explanation: String, failing: String, fixed: String) -> DiagnosticExplanation {
        DiagnosticExplanation(code: code, title: title, explanation: explanation, failingExample: failing, fixedExample: fixed)
    }

    static let lexical: [DiagnosticExplanation] = [
        entry(SyntaxDiagnostics.invalidUTF8Code, "invalid UTF-8 in source file", """
            A `.evdl` file must be UTF-8. The bytes marked are not a valid UTF-8 sequence: the file was probably saved \
            in another encoding (Latin-1, UTF-16) or was damaged. Names, strings and comments may hold any Unicode \
            text, but it must be encoded as UTF-8.
            """,
            failing: "type Note {\n  text: String = \"caf\\xE9\"   // the byte E9 alone (Latin-1 `é`)\n}",
            fixed: "type Note {\n  text: String = \"café\"\n}"),
        entry(SyntaxDiagnostics.unexpectedCharacterCode, "unexpected character", """
            The character is not part of any EVDL token. Names are ASCII letters, digits and `_`; other characters \
            may appear only in strings and comments. A single `&` or `|` is not an operator: write `&&` or `||`. Strings \
            use double quotes, not `'`. A `*/` outside a comment closes nothing.
            """,
            failing: "type Price {\n  amount: Decimal @ 2\n}",
            fixed: "type Price {\n  amount: Decimal\n}"),
        entry(SyntaxDiagnostics.unterminatedStringCode, "unterminated string literal", """
            A string literal must end with `"` on the line where it starts. Write `\\n` for a line break inside a \
            string, and `\\"` for a quote.
            """,
            failing: "publish Order.OrderPlaced to \"orders.placed",
            fixed: "publish Order.OrderPlaced to \"orders.placed\""),
        entry(SyntaxDiagnostics.unterminatedCommentCode, "unterminated block comment", """
            A block comment `/* … */` runs to the end of the file. Block comments nest, so every `/*` inside a comment \
            needs its own `*/`.
            """,
            failing: "/* outer /* inner */\ntype A { }",
            fixed: "/* outer /* inner */ */\ntype A { }"),
        entry(SyntaxDiagnostics.unterminatedInterpolationCode, "unterminated string interpolation", """
            An interpolation `\\( … )` inside a string must be closed with `)`, and the string with `"`, on the same \
            line.
            """,
            failing: "aggregate A {\n  decide X {\n    require ok else \"failed for \\(id\n  }\n}",
            fixed: "aggregate A {\n  decide X {\n    require ok else \"failed for \\(id)\"\n  }\n}"),
        entry(SyntaxDiagnostics.invalidEscapeCode, "invalid escape sequence in string literal", """
            After a backslash in a string only these may follow: `n` (line break), `t` (tab), `r` (carriage return), \
            `"`, `\\`, `0` (NUL), `u{…}` (a Unicode scalar) and `(` (an interpolation). Write `\\\\` for a backslash.
            """,
            failing: "publish Order.OrderPlaced to \"orders\\placed\"",
            fixed: "publish Order.OrderPlaced to \"orders\\\\placed\""),
        entry(SyntaxDiagnostics.invalidUnicodeEscapeCode, "invalid unicode escape", """
            `\\u{…}` takes 1 to 8 hexadecimal digits in braces that name a Unicode scalar: at most `10FFFF`, and not a \
            surrogate (`D800`–`DFFF`).
            """,
            failing: "publish Order.OrderPlaced to \"orders\\u{D800}\"",
            fixed: "publish Order.OrderPlaced to \"orders\\u{1F600}\""),
        entry(SyntaxDiagnostics.invalidNumberSuffixCode, "invalid suffix on a number", """
            Letters right after a number make a duration only when they are a unit: `ms`, `s`, `m`, `h` or `d` \
            (`30m`). Anything else is a mistake: put a space between a number and a name. Hexadecimal and exponent \
            notation are not supported.
            """,
            failing: "aggregate A {\n  snapshot every 100x\n}",
            fixed: "aggregate A {\n  snapshot every 100\n}"),
        entry(SyntaxDiagnostics.fractionalDurationCode, "duration must be a whole number", """
            Durations count whole units. Use a smaller unit instead of a fraction: `90m` for an hour and a half.
            """,
            failing: "policy P {\n  on Order.OrderPlaced\n  after 1.5h send Order.CancelOrder { orderId: event.orderId }\n}",
            fixed: "policy P {\n  on Order.OrderPlaced\n  after 90m send Order.CancelOrder { orderId: event.orderId }\n}"),
    ]

    static let syntax: [DiagnosticExplanation] = [
        entry(SyntaxDiagnostics.expectedDeclarationCode, "expected a declaration", """
            At the top level of a file only declarations may stand: `type`, `enum`, `aggregate`, `service`, \
            `projection`, `saga`, `policy`, `publish` and `scenario`. Members such as `command` or `event` belong \
            inside an aggregate or service.
            """,
            failing: "command PlaceOrder { total: Decimal }",
            fixed: "aggregate Order {\n  id orderId: UUID\n  command PlaceOrder { total: Decimal }\n}"),
        entry(SyntaxDiagnostics.unclosedDelimiterCode, "unclosed delimiter", """
            A `{`, `(`, `[` or interpolation was opened and not closed where the parser expected its closer. The note \
            shows where it was opened. A declaration keyword at the start of a line ends every open body, so a missing \
            `}` is reported there and the next declaration still parses.
            """,
            failing: "type LineItem {\n  sku: String\n\ntype Price { amount: Decimal }",
            fixed: "type LineItem {\n  sku: String\n}\n\ntype Price { amount: Decimal }"),
        entry(SyntaxDiagnostics.expectedNameCode, "expected a name", """
            A declaration, field, enum case or binding needs a name: ASCII letters, digits and `_`, not starting with \
            a digit. Keywords cannot name declarations (they may name fields, followed by `:`).
            """,
            failing: "aggregate event {\n  id eventId: UUID\n}",
            fixed: "aggregate Event {\n  id eventId: UUID\n}"),
        entry(SyntaxDiagnostics.expectedTokenCode, "expected a particular token", """
            The grammar requires a specific token here, such as `:` between a field's name and its type, `{` to open \
            a body, or `else` after a `require` condition. The message says which and what was found instead.
            """,
            failing: "type LineItem {\n  sku String\n}",
            fixed: "type LineItem {\n  sku: String\n}"),
        entry(SyntaxDiagnostics.expectedExpressionCode, "expected an expression", """
            A value is missing: after `=`, after an operator, as a `require` message, or as an argument. Expressions \
            are literals, names, member accesses, calls, operators and collection literals.
            """,
            failing: "aggregate A {\n  apply E {\n    total = total +\n  }\n}",
            fixed: "aggregate A {\n  apply E {\n    total = total + 1\n  }\n}"),
        entry(SyntaxDiagnostics.expectedTypeCode, "expected a type", """
            A field, parameter or query result needs a type: `Int`, `Double`, `Decimal`, `String`, `Bool`, `UUID`, \
            `Date`, a declared `type` or `enum`, `[T]`, `[K: V]`, or any of them followed by `?`.
            """,
            failing: "type LineItem {\n  quantity: = 1\n}",
            fixed: "type LineItem {\n  quantity: Int = 1\n}"),
        entry(SyntaxDiagnostics.missingSeparatorCode, "missing separator", """
            Fields, members and statements are separated by line breaks or `;` (fields and arguments also by `,`). \
            Two on one line need a separator between them.
            """,
            failing: "aggregate A {\n  apply E { status = placed total = 0 }\n}",
            fixed: "aggregate A {\n  apply E { status = placed; total = 0 }\n}"),
        entry(SyntaxDiagnostics.unexpectedMemberCode, "unexpected member", """
            Each body holds its own kinds of members. An aggregate holds `id`, `snapshot`, `state`, `command`, \
            `event`, `decide` and `apply`; a projection `key`, `row`, `on` and `query`; a saga `input`, `start on`, \
            `step` and `on failure`; a step `invoke`, `compensate`, `retry` and `timeout`; a policy `on` and `send`; \
            a scenario `given`, `when` and `then`; a service `command`.
            """,
            failing: "aggregate Order {\n  id orderId: UUID\n  query all() -> [Order]\n}",
            fixed: "aggregate Order {\n  id orderId: UUID\n}\n\nprojection Orders {\n  key orderId: UUID\n  query all() -> [Orders]\n}"),
        entry(SyntaxDiagnostics.expectedStatementCode, "expected a statement", """
            Blocks of `decide`, `apply` and projection `on` hold statements: `require … else …`, `emit`, `if`, `let`, \
            `delete`, and assignments (`=`, `+=`, `-=`, `*=`, `/=`).
            """,
            failing: "aggregate A {\n  apply E { -> }\n}",
            fixed: "aggregate A {\n  apply E { }\n}"),
        entry(SyntaxDiagnostics.chainedComparisonCode, "comparison operators cannot be chained", """
            Comparisons do not associate: `a < b < c` would compare a Bool with a number. Compare twice and join the \
            results with `&&`.
            """,
            failing: "aggregate A {\n  decide X {\n    require 0 < total < 100 else \"out of range\"\n  }\n}",
            fixed: "aggregate A {\n  decide X {\n    require 0 < total && total < 100 else \"out of range\"\n  }\n}"),
        entry(SyntaxDiagnostics.nestingTooDeepCode, "nesting too deep", """
            Brackets, blocks, types and expressions may nest at most 256 levels deep (an operator or member chain \
            counts one level per link). Deeper nesting is reported once and the rest of that construct is skipped. \
            Split the expression or block.
            """,
            failing: "type A {\n  t: [[[[[[[[ … 300 levels … Int]]]]]]]]\n}",
            fixed: "type A {\n  t: [[Int]]\n}"),
        entry(SyntaxDiagnostics.invalidCountCode, "invalid count", """
            `snapshot every` needs a whole number from 1, `retry` a whole number from 0 (or `forever`), and a \
            duration must fit in 2147483647 units.
            """,
            failing: "aggregate A {\n  snapshot every 0\n}",
            fixed: "aggregate A {\n  snapshot every 100\n}"),
        entry(SyntaxDiagnostics.invalidEventVersionCode, "invalid event version", """
            An event's schema version is written right after its name as `v` followed by a whole number from 1: \
            `event OrderPlaced v2 { … }`. Without it the version is 1.
            """,
            failing: "aggregate A {\n  event Placed version2 { }\n}",
            fixed: "aggregate A {\n  event Placed v2 { }\n}"),
        entry(SyntaxDiagnostics.duplicateClauseCode, "duplicate clause", """
            A saga step's `invoke`, `compensate`, `retry` and `timeout`, a policy's `on`, and a scenario's `given`, \
            `when` and `then` may each be given once. The first is used; remove the other.
            """,
            failing: "saga S {\n  step charge {\n    invoke Payment.Charge { }\n    retry 3\n    retry forever\n  }\n}",
            fixed: "saga S {\n  step charge {\n    invoke Payment.Charge { }\n    retry forever\n  }\n}"),
        entry(SyntaxDiagnostics.interpolationNotAllowedCode, "string interpolation not allowed here", """
            Topics of `publish`, scenario titles and the message of `then rejected` are fixed text, known when the \
            spec is compiled. Interpolation `\\( … )` is allowed in expressions, such as `require` messages.
            """,
            failing: "publish Order.OrderPlaced to \"orders.\\(region)\"",
            fixed: "publish Order.OrderPlaced to \"orders.eu\""),
        entry(SyntaxDiagnostics.expressionNotStatementCode, "expression is not a statement", """
            A value on its own does nothing. Assign it to a field, test it with `require … else \"…\"`, or branch on \
            it with `if`. (`=` assigns; `==` compares.)
            """,
            failing: "aggregate A {\n  apply E {\n    status == placed\n  }\n}",
            fixed: "aggregate A {\n  apply E {\n    status = placed\n  }\n}"),
        entry(SyntaxDiagnostics.invalidAssignmentTargetCode, "cannot assign to this expression", """
            The left side of an assignment must name a place: a field (`total`), a member (`state.total`, \
            `row.count`) or a subscript. Calls, literals and operators are values, not places.
            """,
            failing: "aggregate A {\n  apply E {\n    total + 1 = 2\n  }\n}",
            fixed: "aggregate A {\n  apply E {\n    total = 2 - 1\n  }\n}"),
        entry(SyntaxDiagnostics.missingClauseCode, "missing clause", """
            Some clauses are required: a saga step needs `invoke`, a policy needs an `on` clause and at least one \
            `send`, and a scenario needs `when` and `then`.
            """,
            failing: "policy NotifyShipping {\n  on Order.OrderPlaced\n}",
            fixed: "policy NotifyShipping {\n  on Order.OrderPlaced\n  send Shipping.Prepare { orderId: event.orderId }\n}"),
        entry(SyntaxDiagnostics.notAllowedHereCode, "not allowed here", """
            The construct is valid elsewhere but not here: only service commands declare a result (`-> { … }`), only \
            aggregate commands list `emits`, a scenario's clauses come in the order `given`, `when`, `then`, and \
            `after DURATION` in a scenario's `then` belongs to a policy's commands, not to a saga's (which end with \
            `completed`, `compensated` or `failed`).
            """,
            failing: "aggregate Order {\n  command Place { } -> { orderNumber: Int }\n}",
            fixed: "service Numbers {\n  command Next { } -> { orderNumber: Int }\n}"),
        entry(SyntaxDiagnostics.forceUnwrapCode, "force unwrap is not supported", """
            In Swift `value!` traps when the value is `nil`. Generated code never traps on stored data, so EVDL has \
            no force unwrap: unwrap an optional with `if let`, give a fallback with `??`, or read through it with \
            optional chaining `value?.member` (which is optional itself).
            """,
            failing: "aggregate Cart {\n  state { lines: [Line] = [] }\n  decide Checkout {\n    require lines.first!.quantity > 0 else \"empty\"\n  }\n}",
            fixed: "aggregate Cart {\n  state { lines: [Line] = [] }\n  decide Checkout {\n    require (lines.first?.quantity ?? 0) > 0 else \"empty\"\n  }\n}"),
        entry(SyntaxDiagnostics.switchCaseExpectedCode, "statement outside a `switch` case", """
            The statements of a `switch` belong to the `case` (or `default`) written before them. A `switch` body \
            therefore starts with `case pattern:` or `default:`.
            """,
            failing: "aggregate A {\n  apply Counted {\n    switch status {\n      total = 0\n      case .open: total = 1\n    }\n  }\n}",
            fixed: "aggregate A {\n  apply Counted {\n    switch status {\n      case .open: total = 1\n      default: total = 0\n    }\n  }\n}"),
        entry(SyntaxDiagnostics.caseOutsideSwitchCode, "`case` outside a `switch`", """
            A `case pattern:` or `default:` label belongs in the body of a `switch`: the `switch value {` line before \
            the cases is missing (or its body was closed too early).
            """,
            failing: "aggregate A {\n  apply Counted {\n    case .open: total = 1\n  }\n}",
            fixed: "aggregate A {\n  apply Counted {\n    switch status {\n      case .open: total = 1\n      default: total = 0\n    }\n  }\n}"),
        entry(SyntaxDiagnostics.strayQuestionCode, "`?` that starts nothing", """
            After a value, `?` starts optional chaining `value?.member` or a conditional `condition ? a : b`. Swift's \
            `value?[index]` and `value?(…)` are not part of EVDL, and a `?` with nothing after it means nothing: \
            optional types are written in type annotations (`Int?`).
            """,
            failing: "aggregate A {\n  decide Check {\n    require (lines?[0]?.quantity ?? 0) > 0 else \"empty\"\n  }\n}",
            fixed: "aggregate A {\n  decide Check {\n    require (lines?.first?.quantity ?? 0) > 0 else \"empty\"\n  }\n}"),
        entry(SyntaxDiagnostics.tooManyErrorsCode, "too many errors", """
            After 200 lexical and syntax diagnostics in one file, the rest are counted but not shown: the file is \
            probably not an EVDL spec, or one early mistake confuses everything after it. Fix the first errors and \
            run again.
            """,
            failing: "@\n@\n@\n… (more than 200 lines of stray characters)",
            fixed: "type A { }"),
    ]
}
