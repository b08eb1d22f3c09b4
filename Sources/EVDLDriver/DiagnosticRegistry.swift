import EVDLEvolution
import EVDLInterpreter
import EVDLSema
import EVDLSyntax

/// Every diagnostic code of the compiler with its explanation: the syntax, semantic, evolution and driver catalogs merged.
public enum DiagnosticRegistry {
    /// All explanations, sorted by code. A code registered twice keeps its first entry (syntax, semantic, evolution,
    /// driver); ``duplicateCodes`` lists such codes so that a test can forbid them.
    public static let all: [DiagnosticExplanation] = {
        var seen: Set<DiagnosticCode> = []
        return catalogs.flatMap { $0 }.filter { seen.insert($0.code).inserted }.sorted { $0.code < $1.code }
    }()

    /// Codes that more than one entry claims (should be empty).
    public static var duplicateCodes: [DiagnosticCode] {
        let codes = catalogs.flatMap { $0 }.map(\.code)
        return Dictionary(grouping: codes, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    /// The explanation of a code, if registered.
    public static func explanation(for code: DiagnosticCode) -> DiagnosticExplanation? {
        all.first { $0.code == code }
    }

    private static var catalogs: [[DiagnosticExplanation]] {
        [SyntaxDiagnosticCatalog.explanations, SemaDiagnosticCatalog.explanations, EvolutionExplanations.all, DriverDiagnostics.explanations, ScenarioDiagnostics.explanations]
    }
}
