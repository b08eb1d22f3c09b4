/// The explanations of every lexical and syntax diagnostic code, for `evdlc explain`.
public enum SyntaxDiagnosticCatalog {
    /// One entry per code the lexer and parser emit.
    public static let explanations: [DiagnosticExplanation] = []
}
