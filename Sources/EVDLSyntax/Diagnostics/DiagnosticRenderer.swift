/// Turns diagnostics into text. Renderers are pure: the same diagnostics and sources always give the same text.
///
/// The formats: ``HumanDiagnosticRenderer`` (rustc-style snippets with carets), ``PlainDiagnosticRenderer``
/// (`path:line:col: error: message [CODE]`, the lines Xcode and SwiftPM parse), ``JSONDiagnosticRenderer``
/// and ``GitHubDiagnosticRenderer`` (workflow annotations).
public protocol DiagnosticRenderer: Sendable {
    /// Renders the diagnostics in order. The result is empty for no diagnostics and otherwise ends with a newline.
    func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String
}

/// Where a span begins and ends, in every unit a renderer prints.
public struct ResolvedLocation: Hashable, Sendable {
    /// The path of the file, as the user gave it.
    public var path: String
    /// The 1-based line and column of the first byte.
    public var start: LineColumn
    /// The 1-based line and column one past the last byte (equal to `start` for an empty span).
    public var end: LineColumn
    /// The byte offset of the first byte.
    public var startOffset: Int
    /// The byte offset one past the last byte.
    public var endOffset: Int

    /// Resolves a span against the files that own it.
    public init(_ span: Span, in sources: SourceManager) {
        let file = sources[span.file]
        let startOffset = max(0, min(span.start, file.bytes.count))
        let endOffset = max(startOffset, min(span.end, file.bytes.count))
        self.path = file.path
        self.start = file.lines.location(of: startOffset, in: file.bytes)
        self.end = file.lines.location(of: endOffset, in: file.bytes)
        self.startOffset = startOffset
        self.endOffset = endOffset
    }

    /// `path:line:col` of the start.
    public var description: String { "\(path):\(start.line):\(start.column)" }
}

/// Counts of what a run reported, and the closing line of human output (`error: 2 errors, 1 warning emitted`).
public struct DiagnosticSummary: Hashable, Sendable {
    /// The number of errors.
    public var errors: Int
    /// The number of warnings.
    public var warnings: Int

    /// Counts the errors and warnings among `diagnostics` (notes are not counted).
    public init(_ diagnostics: [Diagnostic]) {
        var errors = 0
        var warnings = 0
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .note: break
            }
        }
        self.errors = errors
        self.warnings = warnings
    }

    /// The summary line with a trailing newline, or `""` when there is nothing to summarize.
    /// Coloured with ANSI escapes when `colors` is set.
    public func line(colors: Bool) -> String {
        let style = ANSIStyle(enabled: colors)
        if errors > 0 {
            var text = Self.counted(errors, "error")
            if warnings > 0 { text += ", " + Self.counted(warnings, "warning") }
            return style.paint("error", .error) + style.paint(": \(text) emitted", .bold) + "\n"
        }
        if warnings > 0 {
            return style.paint("warning", .warning) + style.paint(": \(Self.counted(warnings, "warning")) emitted", .bold) + "\n"
        }
        return ""
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

/// ANSI terminal styling; a disabled style returns text unchanged.
struct ANSIStyle: Sendable {
    /// The styles renderers use.
    enum Role: Sendable {
        case error, warning, note, help, gutter, bold

        var code: String {
            switch self {
            case .error: "\u{1B}[1;31m"
            case .warning: "\u{1B}[1;33m"
            case .note: "\u{1B}[1;32m"
            case .help: "\u{1B}[1;36m"
            case .gutter: "\u{1B}[1;34m"
            case .bold: "\u{1B}[1m"
            }
        }

        static func of(_ severity: Severity) -> Role {
            switch severity {
            case .error: .error
            case .warning: .warning
            case .note: .note
            }
        }
    }

    let enabled: Bool

    func paint(_ text: String, _ role: Role) -> String {
        guard enabled, !text.isEmpty else { return text }
        return role.code + text + "\u{1B}[0m"
    }
}
