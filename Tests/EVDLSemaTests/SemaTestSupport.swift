import Testing
@testable import EVDLSema
import EVDLSyntax
import EVDLTestSupport

/// A small clean spec that per-code tests extend: one aggregate with a type, an enum, two commands and two events.
let prelude = """
type Line { sku: String, quantity: Int }
enum Status { open, closed }
aggregate Cart {
  id cartId: UUID
  state { status: Status = open, lines: [Line] = [], total: Decimal = 0, note: String? = nil }
  command Open { total: Decimal }
  command Close { }
  event Opened { total: Decimal }
  event Closed { }
  decide Open { require status == open else "closed"; emit Opened { total } }
  decide Close { emit Closed { } }
  apply Opened { total = event.total }
  apply Closed { status = closed }
}

"""

/// The outcome of parsing and checking some spec texts as one module.
struct Checked {
    var sources: SourceManager
    var files: [SpecFile]
    var syntaxDiagnostics: [Diagnostic]
    var result: SemanticResult

    var diagnostics: [Diagnostic] { result.diagnostics }
    var errors: [Diagnostic] { result.diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { result.diagnostics.filter { $0.severity == .warning } }
    var model: SemanticModel { result.model }

    /// A one-line summary of each diagnostic, for failure messages.
    var summary: String {
        (syntaxDiagnostics + diagnostics).map { d in
            "\(d.code) \(d.span.map { sources.describe($0) } ?? "-"): \(d.message)"
        }.joined(separator: "\n")
    }
}

/// Parses and checks texts (one file each).
func analyze(_ texts: [(path: String, text: String)]) -> Checked {
    var sources = SourceManager()
    var files: [SpecFile] = []
    var syntax: [Diagnostic] = []
    for (path, text) in texts {
        let id = sources.add(path: path, text: text)
        let parsed = EVDLParser.parse(sources[id])
        files.append(parsed.spec)
        syntax.append(contentsOf: parsed.diagnostics)
    }
    return Checked(sources: sources, files: files, syntaxDiagnostics: syntax, result: SemanticAnalyzer.check(files, sources: sources))
}

/// Parses and checks one text.
func analyze(_ text: String) -> Checked { analyze([("test.evdl", text)]) }

/// Checks `prelude + marked` and expects exactly one diagnostic with `code` at the marked place, with the
/// given severity and message words, no syntax errors, and no other errors.
@discardableResult
func expectDiagnostic(
    _ code: String, _ severity: Severity = .error, in marked: String, words: [String], withPrelude: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let source = MarkedSource((withPrelude ? prelude : "") + marked)
    let checked = analyze(source.text)
    #expect(checked.syntaxDiagnostics.isEmpty, "syntax errors:\n\(checked.summary)", sourceLocation: sourceLocation)
    let matching = checked.diagnostics.filter { $0.code.rawValue == code }
    #expect(matching.count == 1, "expected one \(code), got:\n\(checked.summary)", sourceLocation: sourceLocation)
    let others = checked.errors.filter { $0.code.rawValue != code }
    #expect(others.isEmpty, "unexpected errors:\n\(checked.summary)", sourceLocation: sourceLocation)
    guard let d = matching.first else { return nil }
    #expect(d.severity == severity, sourceLocation: sourceLocation)
    #expect(d.span.map { $0.start..<$0.end } == source.mark, "span \(String(describing: d.span)) vs mark \(source.mark)\n\(checked.summary)",
            sourceLocation: sourceLocation)
    for word in words {
        #expect(d.message.contains(word) || (d.help ?? "").contains(word) || (d.label ?? "").contains(word) || d.notes.contains { $0.message.contains(word) },
                "`\(word)` not in: \(d.message) / \(d.help ?? "") / \(d.notes.map(\.message))", sourceLocation: sourceLocation)
    }
    #expect(SemaDiagnosticCatalog.explanations.contains { $0.code == d.code }, "no explanation for \(code)", sourceLocation: sourceLocation)
    return d
}
