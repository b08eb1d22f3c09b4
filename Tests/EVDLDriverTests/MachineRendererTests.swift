import Foundation
import EVDLSyntax
import Testing

@Suite("Plain, JSON and GitHub renderers")
struct MachineRendererTests {
    /// A duplicate in line 3 with a note at line 1, a help line, a note without a place, and a driver error without a place.
    static func sample() -> ([Diagnostic], SourceManager) {
        var sources = SourceManager()
        let file = sources.add(path: "Specs/a,b.evdl", text: "type Ä {}\n\n\ttype Ä {}\n")
        let duplicate = Diagnostic(
            .error, DiagnosticCode("EVDL0201"), "duplicate declaration of `Ä`", at: Span(file: file, start: 18, end: 20),
            label: "redeclared here",
            notes: [DiagnosticNote("first declared here", at: Span(file: file, start: 5, end: 7)), DiagnosticNote("100% sure\nreally")],
            help: "rename one")
        let unused = Diagnostic(.warning, DiagnosticCode("EVDL0701"), "type `Ä` is never used", at: Span(file: file, start: 5, end: 7))
        let output = Diagnostic(.error, DiagnosticCode("EVDL0904"), "cannot write `Out/a.swift`: \"disk\" full", at: nil)
        return ([duplicate, unused, output], sources)
    }

    @Test("plain lines are `path:line:col: severity: message [CODE]`, notes and help as notes")
    func plain() {
        let (diagnostics, sources) = Self.sample()
        #expect(PlainDiagnosticRenderer().render(diagnostics, sources: sources) == """
            Specs/a,b.evdl:3:7: error: duplicate declaration of `Ä` [EVDL0201]
            Specs/a,b.evdl:1:6: note: first declared here
            Specs/a,b.evdl:3:7: note: 100% sure really
            Specs/a,b.evdl:3:7: note: help: rename one
            Specs/a,b.evdl:1:6: warning: type `Ä` is never used [EVDL0701]
            evdlc: error: cannot write `Out/a.swift`: "disk" full [EVDL0904]

            """)
    }

    @Test("JSON has every key in a fixed order, exclusive ends, byte offsets and escapes")
    func json() {
        let (diagnostics, sources) = Self.sample()
        #expect(JSONDiagnosticRenderer().render(diagnostics, sources: sources) == #"""
            [
              {"severity":"error","code":"EVDL0201","message":"duplicate declaration of `Ä`","file":"Specs/a,b.evdl","line":3,"column":7,"endLine":3,"endColumn":8,"startOffset":18,"endOffset":20,"label":"redeclared here","notes":[{"message":"first declared here","file":"Specs/a,b.evdl","line":1,"column":6,"endLine":1,"endColumn":7,"startOffset":5,"endOffset":7},{"message":"100% sure\nreally","file":null,"line":null,"column":null,"endLine":null,"endColumn":null,"startOffset":null,"endOffset":null}],"help":"rename one"},
              {"severity":"warning","code":"EVDL0701","message":"type `Ä` is never used","file":"Specs/a,b.evdl","line":1,"column":6,"endLine":1,"endColumn":7,"startOffset":5,"endOffset":7,"label":null,"notes":[],"help":null},
              {"severity":"error","code":"EVDL0904","message":"cannot write `Out/a.swift`: \"disk\" full","file":null,"line":null,"column":null,"endLine":null,"endColumn":null,"startOffset":null,"endOffset":null,"label":null,"notes":[],"help":null}
            ]

            """#)
        #expect(JSONDiagnosticRenderer().render([], sources: sources) == "[]\n")
    }

    @Test("the JSON output parses as JSON")
    func jsonParses() throws {
        let (diagnostics, sources) = Self.sample()
        let data = Data(JSONDiagnosticRenderer().render(diagnostics, sources: sources).utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(parsed.count == 3)
        #expect(parsed[0]["line"] as? Int == 3)
        #expect((parsed[0]["notes"] as? [[String: Any]])?[1]["message"] as? String == "100% sure\nreally")
    }

    @Test("GitHub annotations escape `%`, newlines, and `:` `,` in properties")
    func github() {
        let (diagnostics, sources) = Self.sample()
        #expect(GitHubDiagnosticRenderer().render(diagnostics, sources: sources) == """
            ::error file=Specs/a%2Cb.evdl,line=3,col=7,endLine=3,endColumn=8,title=EVDL0201::duplicate declaration of `Ä` (redeclared here)%0Anote: first declared here (Specs/a,b.evdl:1:6)%0Anote: 100%25 sure%0Areally%0Ahelp: rename one
            ::warning file=Specs/a%2Cb.evdl,line=1,col=6,endLine=1,endColumn=7,title=EVDL0701::type `Ä` is never used
            ::error title=EVDL0904::cannot write `Out/a.swift`: "disk" full

            """)
    }
}
