import EVDLSyntax

enum SemaExplanations {
    static let all: [DiagnosticExplanation] = []
}
