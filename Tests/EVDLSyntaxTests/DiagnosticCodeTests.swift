import EVDLSyntax
import EVDLTestSupport
import Testing

/// Parses a marked spec and checks that it reports exactly one diagnostic, with `code`, whose primary span is the
/// (last, when a note is marked too) marked range. Returns the diagnostic and the marks.
@discardableResult
func expectOnly(
    _ code: String, _ marked: String, message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) -> (Diagnostic?, [Range<Int>]) {
    let source = MarkedSource(marked)
    let (file, result) = parse(source.text)
    #expect(result.diagnostics.map(\.code.rawValue) == [code], "\(describeDiagnostics(result.diagnostics, in: file))",
            sourceLocation: sourceLocation)
    guard let diagnostic = result.diagnostics.first, let span = diagnostic.span, let primary = source.marks.last else {
        Issue.record("no diagnostic", sourceLocation: sourceLocation)
        return (nil, source.marks)
    }
    #expect(span.start..<span.end == primary, "at \(file.lines.location(of: span.start, in: file.bytes))", sourceLocation: sourceLocation)
    if let message { #expect(diagnostic.message == message, sourceLocation: sourceLocation) }
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    return (diagnostic, source.marks)
}

@Suite("One test per diagnostic code")
struct DiagnosticCodeTests {
    @Test("EVDL0001 invalid UTF-8")
    func invalidUTF8() {
        var sources = SourceManager()
        let bytes = Array("type A {\n  s: String = \"".utf8) + [0xE2, 0x82] + Array("\"\n}\n".utf8)
        let id = sources.add(path: "t.evdl", bytes: bytes)
        let result = EVDLParser.parse(sources[id])
        #expect(result.diagnostics.map(\.code.rawValue) == ["EVDL0001"])
        #expect(result.diagnostics.first?.span.map { $0.start..<$0.end } == 24..<26)
        #expect(sources.location(of: result.diagnostics[0].span!).description == "2:16")
    }

    @Test("EVDL0002 unexpected character")
    func unexpectedCharacter() {
        expectOnly("EVDL0002", "type A { x: Int «@» }", message: "unexpected character `@`")
    }

    @Test("EVDL0003 unterminated string literal")
    func unterminatedString() {
        expectOnly("EVDL0003", "type A {\n  s: String = «\"abc»\n}", message: "unterminated string literal")
    }

    @Test("EVDL0004 unterminated block comment")
    func unterminatedComment() {
        expectOnly("EVDL0004", "type A { }\n«/*» never /* closed */", message: "unterminated block comment")
    }

    @Test("EVDL0005 unterminated string interpolation")
    func unterminatedInterpolation() {
        expectOnly("EVDL0005", "type A {\n  s: String = \"a «\\(»b\n}", message: "unterminated string interpolation")
    }

    @Test("EVDL0006 invalid escape sequence")
    func invalidEscape() {
        expectOnly("EVDL0006", "type A { s: String = \"a«\\q»\" }", message: "invalid escape sequence `\\q` in string literal")
    }

    @Test("EVDL0007 invalid unicode escape")
    func invalidUnicodeEscape() {
        expectOnly("EVDL0007", "type A { s: String = \"«\\u{D800}»\" }", message: "invalid unicode escape `\\u{D800}`")
    }

    @Test("EVDL0008 invalid suffix on a number")
    func invalidSuffix() {
        expectOnly("EVDL0008", "type A { x: Int = 12«abc» }", message: "invalid suffix `abc` on number `12`")
    }

    @Test("EVDL0009 fractional duration")
    func fractionalDuration() {
        expectOnly("EVDL0009", "saga S { step a { invoke X.Y { }; timeout «1.5h» } }", message: "duration `1.5h` must be a whole number")
    }

    @Test("EVDL0101 expected a declaration")
    func expectedDeclaration() {
        expectOnly("EVDL0101", "«foo» bar\ntype A { }", message: "expected a declaration, found `foo`")
    }

    @Test("EVDL0102 unclosed brace, with a note at the opener")
    func unclosedDelimiter() {
        let (diagnostic, marks) = expectOnly("EVDL0102", "type A «{»\n  x: Int\n«»", message: "expected `}` to close `type` body, found end of file")
        #expect(diagnostic?.label == "expected `}`")
        #expect(diagnostic?.notes.map(\.message) == ["`type` body opened here"])
        #expect(diagnostic?.notes.first?.span.map { $0.start..<$0.end } == marks.first)
    }

    @Test("EVDL0103 expected a name")
    func expectedName() {
        let (diagnostic, _) = expectOnly("EVDL0103", "aggregate «state» { }", message: "expected a name for the `aggregate`, found keyword `state`")
        #expect(diagnostic?.help == "`state` is a keyword; choose another name")
    }

    @Test("EVDL0104 expected a particular token")
    func expectedToken() {
        expectOnly("EVDL0104", "type A { x «Int» }", message: "expected `:` after the field name `x`, found `Int`")
    }

    @Test("EVDL0105 expected an expression")
    func expectedExpression() {
        expectOnly("EVDL0105", "type A { x: Int = «}»", message: "expected an expression, found `}`")
    }

    @Test("EVDL0106 expected a type")
    func expectedType() {
        expectOnly("EVDL0106", "type A { x: «=» 1 }", message: "expected a type, found `=`")
    }

    @Test("EVDL0107 missing separator")
    func missingSeparator() {
        expectOnly("EVDL0107", "type A { x: Int «y»: Int }", message: "consecutive fields on a line must be separated by `,` or `;`")
    }

    @Test("EVDL0108 unexpected member")
    func unexpectedMember() {
        expectOnly("EVDL0108", "aggregate A {\n  «step» a { }\n}", message: "unexpected keyword `step` in an `aggregate` body")
    }

    @Test("EVDL0109 expected a statement")
    func expectedStatement() {
        expectOnly("EVDL0109", "aggregate A { decide X { «->» } }", message: "expected a statement, found `->`")
    }

    @Test("EVDL0110 chained comparison")
    func chainedComparison() {
        expectOnly("EVDL0110", "aggregate A { decide X { require a < b «<» c else \"x\" } }", message: "comparison operators cannot be chained")
    }

    @Test("EVDL0111 nesting too deep")
    func nestingTooDeep() {
        let marked = "type A { t: " + String(repeating: "[", count: 256) + "«[»Int" + String(repeating: "]", count: 257) + " }"
        expectOnly("EVDL0111", marked, message: "nesting is deeper than 256 levels")
    }

    @Test("EVDL0112 invalid count")
    func invalidCount() {
        expectOnly("EVDL0112", "aggregate A { snapshot every «0» }", message: "invalid count `0` for `snapshot every`")
    }

    @Test("EVDL0113 invalid event version")
    func invalidEventVersion() {
        expectOnly("EVDL0113", "aggregate A { event E «v0» { } }", message: "invalid event version `v0`")
    }

    @Test("EVDL0114 duplicate clause, with a note at the first")
    func duplicateClause() {
        let (diagnostic, marks) = expectOnly("EVDL0114", "saga S { step a { invoke X.Y { }; «retry» 1; «retry» 2 } }", message: "duplicate `retry` in step `a`")
        #expect(diagnostic?.notes.first?.span.map { $0.start..<$0.end } == marks.first)
    }

    @Test("EVDL0115 interpolation where only plain text is allowed")
    func interpolationNotAllowed() {
        expectOnly("EVDL0115", "publish X.Y to \"a«\\(b)»\"", message: "string interpolation is not allowed in a topic")
    }

    @Test("EVDL0116 expression is not a statement")
    func expressionNotStatement() {
        expectOnly("EVDL0116", "aggregate A { decide X { «a + b» } }", message: "expression is not a statement")
    }

    @Test("EVDL0117 invalid assignment target")
    func invalidAssignmentTarget() {
        expectOnly("EVDL0117", "aggregate A { apply E { «f()» = 2 } }", message: "cannot assign to this expression")
    }

    @Test("EVDL0118 missing clause")
    func missingClause() {
        expectOnly("EVDL0118", "saga S { step «a» { retry 1 } }", message: "step `a` has no `invoke` clause")
        expectOnly("EVDL0118", "policy «P» { send X.Y { } }", message: "policy `P` has no `on` clause")
        expectOnly("EVDL0118", "policy «P» { on X.Y }", message: "policy `P` sends no command")
        expectOnly("EVDL0118", "scenario \"s\" { given X.Y { } «}»", message: "scenario has no `when` clause")
        expectOnly("EVDL0118", "scenario \"s\" { when X.Y { } «}»", message: "scenario has no `then` clause")
    }

    @Test("EVDL0119 not allowed here")
    func notAllowedHere() {
        expectOnly("EVDL0119", "aggregate A { command C { } «->» { x: Int } }", message: "only a service command can declare a result")
        expectOnly("EVDL0119", "service S { command C «emits» E { } }", message: "a service command cannot list `emits`")
        expectOnly("EVDL0119", "scenario \"s\" { then nothing; «when» X.Y { } }", message: "`when` must come before `then`")
    }

    @Test("EVDL0190 too many errors: the first 200 are kept and a note counts the rest")
    func tooManyErrors() {
        let (file, result) = parse(String(repeating: "@\n", count: 250))
        #expect(result.diagnostics.count == Lexer.diagnosticLimit + 1)
        let last = result.diagnostics.last
        #expect(last?.code.rawValue == "EVDL0190")
        #expect(last?.severity == .note)
        #expect(last?.message == "too many errors in this file; 50 more not shown")
        #expect(last?.span.map { file.lines.location(of: $0.start, in: file.bytes).line } == 200)
    }
}

@Suite("Scenario clause order")
struct ScenarioClauseOrderTests {
    @Test("a clause after later ones names the first of them, the same on every run")
    func earliestLaterClause() {
        for _ in 0..<20 {
            let (_, result) = parse("scenario \"s\" { when A.B { }; then nothing; given A.E { } }")
            #expect(result.diagnostics.map(\.message) == ["`given` must come before `when`"])
        }
    }
}
