import EVDLSyntax

/// What running one scenario found.
public struct ScenarioResult: Sendable {
    /// How it went.
    public enum Status: String, Sendable, Hashable {
        /// The outcome was the expected one.
        case passed
        /// The outcome differs from the expected one, or the scenario could not run to the end.
        case failed
        /// The interpreter cannot run it (a command decided in Swift); the generated tests run it.
        case skipped
    }

    /// The scenario's title.
    public var title: String
    /// What it specifies: `aggregate Order`, `projection OrderSummary`, `saga Checkout`, `policy P`.
    public var subject: String
    /// How it went.
    public var status: Status
    /// The actual outcome as canonical text (see `Grammar/Reference.md`, "Scenario outcomes"); empty when skipped.
    public var actual: String
    /// The expected outcome as canonical text.
    public var expected: String
    /// Field-level differences between expected and actual, one line each (empty when passed).
    public var differences: [String]
    /// The diagnostic that reports a failed or skipped scenario.
    public var diagnostic: Diagnostic?
    /// The whole `scenario` declaration.
    public var span: Span

    /// Creates a result.
    public init(title: String, subject: String, status: Status, actual: String, expected: String, differences: [String],
                diagnostic: Diagnostic?, span: Span) {
        self.title = title
        self.subject = subject
        self.status = status
        self.actual = actual
        self.expected = expected
        self.differences = differences
        self.diagnostic = diagnostic
        self.span = span
    }
}
