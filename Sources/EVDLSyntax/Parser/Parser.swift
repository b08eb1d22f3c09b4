// CONTRACT STUB — the syntax work replaces the body; keep the public API.

/// The result of parsing one file: a (possibly partial) tree and the syntax errors found.
public struct ParseResult: Sendable {
    /// The declarations that parsed, at least partly.
    public var spec: SpecFile
    /// Lexical and syntax diagnostics, in source order.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(spec: SpecFile, diagnostics: [Diagnostic]) {
        self.spec = spec
        self.diagnostics = diagnostics
    }
}

/// Parses `.evdl` source by recursive descent. Never throws, never crashes.
public enum EVDLParser {
    /// Parses one file.
    public static func parse(_ file: SourceFile) -> ParseResult {
        ParseResult(spec: SpecFile(file: file.id, declarations: []), diagnostics: [])
    }
}

/// The explanations of every lexical and syntax diagnostic code, for `evdlc explain`.
public enum SyntaxDiagnosticCatalog {
    /// One entry per code the lexer and parser emit.
    public static let explanations: [DiagnosticExplanation] = []
}
