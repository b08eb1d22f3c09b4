import EVDLSyntax
import EVDLTestSupport
import Foundation
import Testing

/// Parses a text as one file and returns the file with the result.
func parse(_ text: String, path: String = "test.evdl") -> (SourceFile, ParseResult) {
    var sources = SourceManager()
    let id = sources.add(path: path, text: text)
    let file = sources[id]
    return (file, EVDLParser.parse(file))
}

/// Lexes a text as one file.
func lex(_ text: String) -> (SourceFile, LexedFile) {
    var sources = SourceManager()
    let id = sources.add(path: "test.evdl", text: text)
    let file = sources[id]
    return (file, Lexer.tokenize(file))
}

/// `line:col: CODE message` for each diagnostic, for compact comparisons.
func describeDiagnostics(_ diagnostics: [Diagnostic], in file: SourceFile) -> [String] {
    diagnostics.map { d in
        let place = d.span.map { file.lines.location(of: $0.start, in: file.bytes).description } ?? "-"
        return "\(place): \(d.code) \(d.message)"
    }
}

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `.evdl` files of the checkout example.
func checkoutExampleFiles() throws -> [(path: String, text: String)] {
    let directory = repositoryRoot.appendingPathComponent("Examples/Checkout/Sources/Checkout")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".evdl") }.sorted()
    return try names.map { name in
        (name, try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }
}
