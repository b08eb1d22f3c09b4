// libFuzzer harness for the formatter. Not part of the package; see Tests/Fuzz/README.md.
import EVDLFormat
import EVDLSyntax
import EVDLTestSupport

/// Formats the input and checks what `evdlc format` promises: a file with syntax errors is left as it is; otherwise
/// the formatted text parses without errors to the same tree, keeps every comment, and formatting it again changes
/// nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var file = SourceFile(id: FileID(index: 0), path: "fuzz.evdl", bytes: bytes)
    var first = SpecFormatter.format(file)
    if !first.isFormatted {
        precondition(!first.changed, "a file with syntax errors must be left as it is")
        // Most mutations break the syntax somewhere; format what is left when the declarations an error points
        // into are dropped, so that the properties below are checked on most inputs rather than a few.
        file = SourceFile(id: FileID(index: 0), path: "fuzz.evdl", bytes: cleanDeclarations(of: file))
        first = SpecFormatter.format(file)
        guard first.isFormatted else { return 0 }
    }
    let formatted = SourceFile(id: FileID(index: 0), path: "fuzz.evdl", bytes: Array(first.text.utf8))
    let reparsed = EVDLParser.parse(formatted)
    precondition(!reparsed.diagnostics.contains { $0.severity == .error }, "the formatted text must parse without errors")
    precondition(SyntaxShape.of(EVDLParser.parse(file).spec) == SyntaxShape.of(reparsed.spec), "formatting must keep the tree")
    precondition(comments(file) == comments(formatted), "formatting must keep every comment")
    let second = SpecFormatter.format(formatted)
    precondition(second.isFormatted && second.text == first.text, "formatting must be idempotent")
    return 0
}

/// The source of the top-level declarations no syntax error points into, one after another.
private func cleanDeclarations(of file: SourceFile) -> [UInt8] {
    let parsed = EVDLParser.parse(file)
    let errors = parsed.diagnostics.compactMap(\.span)
    var kept: [UInt8] = []
    for declaration in parsed.spec.declarations {
        let span = declaration.span
        let broken = errors.contains { $0.start <= span.end && $0.end >= span.start }
        if !broken {
            kept += file.bytes[span.start..<min(span.end, file.bytes.count)]
            kept.append(UInt8(ascii: "\n"))
        }
    }
    return kept
}

/// The text of every comment, trailing spaces removed.
private func comments(_ file: SourceFile) -> [String] {
    Lexer.tokenize(file).comments.map { comment in
        var text = Substring(file.text(of: comment.span))
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
