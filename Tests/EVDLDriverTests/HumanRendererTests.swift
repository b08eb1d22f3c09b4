import EVDLSyntax
import EVDLTestSupport
import Testing

@Suite("Human renderer")
struct HumanRendererTests {
    @Test("carets sit under the span after a tab and multi-byte characters; notes and help follow")
    func tabsAndWideCharacters() {
        let marked = MarkedSource("aggregate Café {\n\tlet naïve = 名前 + «total»\n}\n")
        var sources = SourceManager()
        let file = sources.add(path: "Sources/order.evdl", text: marked.text)
        let span = Span(file: file, start: marked.mark.lowerBound, end: marked.mark.upperBound)
        let first = Span(file: file, start: 10, end: 15)  // `Café`
        let diagnostic = Diagnostic(
            .error, DiagnosticCode("EVDL0301"), "cannot find `total` in scope", at: span, label: "not found",
            notes: [DiagnosticNote("`Café` declared here", at: first), DiagnosticNote("names are case-sensitive")],
            help: "declare `total` in the state")
        let text = HumanDiagnosticRenderer().render([diagnostic], sources: sources)
        #expect(text == """
            error[EVDL0301]: cannot find `total` in scope
             --> Sources/order.evdl:2:19
              |
            2 |     let naïve = 名前 + total
              |                        ^^^^^ not found
              |
              = note: names are case-sensitive
              = help: declare `total` in the state
            note: `Café` declared here
             --> Sources/order.evdl:1:11
              |
            1 | aggregate Café {
              |           ^^^^


            """)
    }

    @Test("an empty span at the end of a file gets one caret on the last line")
    func endOfFile() {
        let text = "type A {\n  x: Int"
        var sources = SourceManager()
        let file = sources.add(path: "a.evdl", text: text)
        let eof = Span(file: file, start: text.utf8.count, end: text.utf8.count)
        let diagnostic = Diagnostic(.error, DiagnosticCode("EVDL0101"), "expected `}`", at: eof, label: "file ends here")
        #expect(HumanDiagnosticRenderer().render([diagnostic], sources: sources) == """
            error[EVDL0101]: expected `}`
             --> a.evdl:2:9
              |
            2 |   x: Int
              |         ^ file ends here


            """)
    }

    @Test("a span after the final newline points at the empty last line; the gutter widens for line 10")
    func afterFinalNewlineAndWideGutter() {
        let text = String(repeating: "\n", count: 9) + "type A {\n"
        var sources = SourceManager()
        let file = sources.add(path: "a.evdl", text: text)
        let eof = Span(file: file, start: text.utf8.count, end: text.utf8.count)
        let inside = Span(file: file, start: 9, end: 13)
        let diagnostic = Diagnostic(
            .warning, DiagnosticCode("EVDL0101"), "expected `}`", at: eof, notes: [DiagnosticNote("opened here", at: inside)])
        #expect(HumanDiagnosticRenderer().render([diagnostic], sources: sources) == """
            warning[EVDL0101]: expected `}`
              --> a.evdl:11:1
               |
            11 |
               | ^
            note: opened here
              --> a.evdl:10:1
               |
            10 | type A {
               | ^^^^


            """)
    }

    @Test("a span over several lines starting a line is drawn with `/`, a bar and an underline to its end")
    func multiLineSpanFromLineStart() {
        var sources = SourceManager()
        let text = "state {\n  x: Int\n}\n"
        let file = sources.add(path: "a.evdl", text: text)
        let diagnostic = Diagnostic(.error, DiagnosticCode("EVDL0401"), "bad state", at: Span(file: file, start: 0, end: 19), label: "here")
        #expect(HumanDiagnosticRenderer().render([diagnostic], sources: sources) == """
            error[EVDL0401]: bad state
             --> a.evdl:1:1
              |
            1 | / state {
            2 | |   x: Int
            3 | | }
              | |_^ here


            """)
    }

    @Test("a span over several lines starting mid-line is led to by an underline; long middles are elided")
    func multiLineSpanMidLine() {
        var sources = SourceManager()
        let text = "saga S {\n  step a {\n    x\n    y\n    z\n    w\n  }\n}\n"
        let file = sources.add(path: "a.evdl", text: text)
        let start = 11  // `step`
        let end = text.utf8.count - 3  // after the `}` of the step
        let diagnostic = Diagnostic(.error, DiagnosticCode("EVDL0501"), "bad step", at: Span(file: file, start: start, end: end))
        #expect(HumanDiagnosticRenderer().render([diagnostic], sources: sources) == """
            error[EVDL0501]: bad step
             --> a.evdl:2:3
              |
            2 | /   step a {
            3 | |     x
            ...
            6 | |     w
            7 | |   }
              | |___^


            """)
        let inner = Diagnostic(.error, DiagnosticCode("EVDL0501"), "bad", at: Span(file: file, start: 16, end: 25))
        #expect(HumanDiagnosticRenderer().render([inner], sources: sources) == """
            error[EVDL0501]: bad
             --> a.evdl:2:8
              |
            2 |     step a {
              |  ________^
            3 | |     x
              | |_____^


            """)
    }

    @Test("a very long line is cut around the span with ellipses")
    func longLine() {
        let line = String(repeating: "a", count: 300) + " bad " + String(repeating: "b", count: 300)
        var sources = SourceManager()
        let file = sources.add(path: "a.evdl", text: line)
        let diagnostic = Diagnostic(.error, DiagnosticCode("EVDL0001"), "stray", at: Span(file: file, start: 301, end: 304))
        let rendered = HumanDiagnosticRenderer().render([diagnostic], sources: sources)
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[3] == "1 | ..." + String(repeating: "a", count: 19) + " bad " + String(repeating: "b", count: 136) + "...")
        #expect(lines[4] == "  |    " + String(repeating: " ", count: 20) + "^^^")
    }

    @Test("colour wraps the header, gutter and carets in ANSI escapes only when asked")
    func colors() {
        var sources = SourceManager()
        let file = sources.add(path: "a.evdl", text: "x\n")
        let diagnostic = Diagnostic(.error, DiagnosticCode("EVDL0001"), "stray", at: Span(file: file, start: 0, end: 1))
        let colored = HumanDiagnosticRenderer(colors: true).render([diagnostic], sources: sources)
        #expect(colored.hasPrefix("\u{1B}[1;31merror[EVDL0001]\u{1B}[0m\u{1B}[1m: stray\u{1B}[0m\n"))
        #expect(colored.contains("\u{1B}[1;31m^\u{1B}[0m"))
        #expect(!HumanDiagnosticRenderer().render([diagnostic], sources: sources).contains("\u{1B}"))
    }

    @Test("invalid UTF-8 and control characters are shown as one column each")
    func invalidBytes() {
        var sources = SourceManager()
        let file = sources.add(path: "a.evdl", bytes: [0x61, 0xFF, 0x01, 0x62, 0x0A])
        let diagnostic = Diagnostic(.error, DiagnosticCode("EVDL0002"), "invalid", at: Span(file: file, start: 3, end: 4))
        #expect(HumanDiagnosticRenderer().render([diagnostic], sources: sources) == """
            error[EVDL0002]: invalid
             --> a.evdl:1:4
              |
            1 | a\u{FFFD}\u{2401}b
              |    ^


            """)
    }

    @Test("the summary counts errors and warnings with plurals")
    func summary() {
        var sources = SourceManager()
        let file = sources.add(path: "a.evdl", text: "x")
        let span = Span(file: file, start: 0, end: 1)
        let error = Diagnostic(.error, DiagnosticCode("EVDL0001"), "e", at: span)
        let warning = Diagnostic(.warning, DiagnosticCode("EVDL0701"), "w", at: span)
        #expect(DiagnosticSummary([error, error, warning]).line(colors: false) == "error: 2 errors, 1 warning emitted\n")
        #expect(DiagnosticSummary([warning, warning]).line(colors: false) == "warning: 2 warnings emitted\n")
        #expect(DiagnosticSummary([error]).line(colors: false) == "error: 1 error emitted\n")
        #expect(DiagnosticSummary([]).line(colors: false) == "")
    }
}
