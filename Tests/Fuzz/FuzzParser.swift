// libFuzzer harness for the lexer and parser. Not part of the package; see Tests/Fuzz/README.md.

import EVDLSyntax

/// Parses the input as one file and checks invariants the rest of the compiler relies on.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var sources = SourceManager()
    let id = sources.add(path: "fuzz.evdl", bytes: bytes)
    let file = sources[id]

    let lexed = Lexer.tokenize(file)
    precondition(lexed.tokens.last?.kind == .endOfFile, "token stream must end with end-of-file")
    var previousEnd = 0
    var strings = 0
    for token in lexed.tokens {
        precondition(token.span.start >= previousEnd && token.span.end <= size, "tokens must be ordered and inside the file")
        previousEnd = token.span.end
        if token.kind == .stringStart || token.kind == .interpolationStart { strings += 1 }
        if token.kind == .stringEnd || token.kind == .interpolationEnd { strings -= 1 }
        precondition(strings >= 0, "string tokens must be balanced")
    }
    precondition(strings == 0, "string tokens must be balanced")

    let result = EVDLParser.parse(file)
    precondition(result.diagnostics.count <= Lexer.diagnosticLimit + 1)
    for diagnostic in result.diagnostics {
        if let span = diagnostic.span { precondition(span.start >= 0 && span.end <= size && span.start <= span.end) }
    }
    if result.diagnostics.isEmpty, lexed.tokens.contains(where: { if case .keyword(let k) = $0.kind { k.startsDeclaration } else { false } }) {
        precondition(!result.spec.declarations.isEmpty, "a clean parse with a declaration keyword must yield a declaration")
    }
    return 0
}
