import EVDLLanguageServer
import EVDLSema
import EVDLSyntax

/// The parts of one re-check, timed apart: parsing the edited file, checking the module, building the index.
func phases(aggregates: Int, files fileCount: Int, rounds: Int) {
    let texts = SpecGenerator.module(aggregates: aggregates, files: fileCount)
    var sources = SourceManager()
    for (i, text) in texts.enumerated() { sources.add(path: "spec\(i).evdl", text: text) }
    var parses: [ParseResult] = sources.files.map { EVDLParser.parse($0) }
    var parse: [Double] = [], check: [Double] = [], index: [Double] = []
    for _ in 0..<rounds {
        parse.append(measure { parses[0] = EVDLParser.parse(sources.files[0]) }.cpu)
        var result: SemanticResult?
        check.append(measure { result = SemanticAnalyzer.check(parses.map(\.spec), sources: sources) }.cpu)
        index.append(measure { _ = SymbolIndex.build(model: result!.model, sources: sources) }.cpu)
    }
    print("phases, \(fileCount) file(s), \(aggregates) aggregates (\(texts[0].utf8.count) bytes in the edited file), CPU time:")
    print("  parse the edited file: \(summary(parse))")
    print("  check the module:      \(summary(check))")
    print("  build the index:       \(summary(index))")
}
