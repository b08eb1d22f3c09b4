/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    /// A note attached to another diagnostic, or a standalone remark.
    case note
    /// Something suspicious that does not stop generation (unless `--warnings-as-errors`).
    case warning
    /// The spec is wrong; nothing is generated.
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders severities from `note` to `error`.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable diagnostic code such as `EVDL0102`. Codes never change meaning once released.
///
/// Ranges: `EVDL00xx` lexical, `EVDL01xx` syntax, `EVDL02xx` names and declarations,
/// `EVDL03xx` types and expressions, `EVDL04xx` aggregates, projections and scenarios,
/// `EVDL05xx` sagas, `EVDL06xx` policies and publish, `EVDL07xx` unused-declaration warnings,
/// `EVDL08xx` event evolution (lock file), `EVDL09xx` driver and input.
public struct DiagnosticCode: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The code as printed, e.g. `EVDL0102`.
    public let rawValue: String

    /// Creates a code from its printed form.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The printed form.
    public var description: String { rawValue }

    /// Orders codes by their printed form.
    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A secondary message attached to a diagnostic, usually pointing at another place
/// ("first declared here").
public struct DiagnosticNote: Hashable, Sendable {
    /// The note's text, lowercase, names in backticks.
    public var message: String
    /// Where the note points, if anywhere.
    public var span: Span?

    /// Creates a note.
    public init(_ message: String, at span: Span? = nil) {
        self.message = message
        self.span = span
    }
}

/// One finding of the compiler: data, rendered later by a ``DiagnosticRenderer``.
public struct Diagnostic: Hashable, Sendable {
    /// Error, warning or note.
    public var severity: Severity
    /// The stable code, explained by `evdlc explain`.
    public var code: DiagnosticCode
    /// The main message: lowercase, names in backticks, no trailing period.
    public var message: String
    /// The primary place. `nil` only for diagnostics about no place in a spec (e.g. an unreadable file).
    public var span: Span?
    /// A short label printed under the primary span's carets.
    public var label: String?
    /// Further places and remarks.
    public var notes: [DiagnosticNote]
    /// A fix suggestion, printed as `help: …`.
    public var help: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, at span: Span?,
        label: String? = nil, notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.label = label
        self.notes = notes
        self.help = help
    }

    /// Returns a copy with a note appended.
    public func with(note: String, at span: Span? = nil) -> Diagnostic {
        var copy = self
        copy.notes.append(DiagnosticNote(note, at: span))
        return copy
    }

    /// Returns a copy with a help line.
    public func with(help: String) -> Diagnostic {
        var copy = self
        copy.help = help
        return copy
    }
}

/// Collects diagnostics in the order they were found.
public struct DiagnosticBag: Sendable {
    /// Everything reported so far.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty bag.
    public init() {}

    /// Records a diagnostic.
    public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Records several diagnostics.
    public mutating func report(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    /// Whether any error was reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The number of diagnostics of a severity.
    public func count(of severity: Severity) -> Int { diagnostics.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }
}

/// The long explanation of a code, printed by `evdlc explain CODE`.
public struct DiagnosticExplanation: Sendable, Hashable {
    /// The code explained.
    public var code: DiagnosticCode
    /// A one-line title (the message without specifics).
    public var title: String
    /// Paragraphs saying what is wrong and why it matters.
    public var explanation: String
    /// A spec that triggers the diagnostic.
    public var failingExample: String
    /// The same spec, fixed.
    public var fixedExample: String

    /// Creates an explanation.
    public init(code: DiagnosticCode, title: String, explanation: String, failingExample: String, fixedExample: String) {
        self.code = code
        self.title = title
        self.explanation = explanation
        self.failingExample = failingExample
        self.fixedExample = fixedExample
    }
}
