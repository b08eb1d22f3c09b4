import EVDLSyntax

// CONTRACT STUB — the semantic work replaces the body; keep the public API.

/// Checks all files of one spec module together.
public enum SemanticAnalyzer {
    /// Checks the parsed files (names, types, flows) and returns the model and the diagnostics.
    public static func check(_ files: [SpecFile], sources: SourceManager) -> SemanticResult {
        SemanticResult(model: SemanticModel(files: files), diagnostics: [])
    }
}

/// The explanations of every semantic diagnostic code, for `evdlc explain`.
public enum SemaDiagnosticCatalog {
    /// One entry per code the checker emits.
    public static let explanations: [DiagnosticExplanation] = []
}
