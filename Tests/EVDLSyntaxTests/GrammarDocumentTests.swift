import EVDLSyntax
import Foundation
import Testing

/// The `evdl` code blocks of `Grammar/Reference.md`.
func referenceExamples() throws -> [String] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Grammar/Reference.md"), encoding: .utf8)
    var blocks: [String] = []
    var current: [String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line == "```evdl" {
            current = []
        } else if current != nil, line == "```" {
            blocks.append(current!.joined(separator: "\n"))
            current = nil
        } else if current != nil {
            current!.append(String(line))
        }
    }
    return blocks
}

@Suite("Grammar documents")
struct GrammarDocumentTests {
    @Test("every evdl example in the language reference parses with zero diagnostics")
    func referenceExamplesParse() throws {
        let examples = try referenceExamples()
        #expect(examples.count >= 9)
        for example in examples {
            let (file, result) = parse(example)
            #expect(describeDiagnostics(result.diagnostics, in: file) == [], "\(example)")
            #expect(!result.spec.declarations.isEmpty)
        }
    }

    @Test("the grammar lists exactly the lexer's keywords")
    func keywordsMatchGrammar() throws {
        let grammar = try String(contentsOf: repositoryRoot.appendingPathComponent("Grammar/evdl.ebnf"), encoding: .utf8)
        guard let start = grammar.range(of: "KEYWORD        ="), let end = grammar.range(of: ";", range: start.upperBound..<grammar.endIndex) else {
            Issue.record("no KEYWORD rule")
            return
        }
        let listed = Set(grammar[start.upperBound..<end.lowerBound].matches(of: /"([a-z]+)"/).map { String($0.1) })
        #expect(listed == Set(Keyword.allCases.map(\.rawValue)))
    }
}
