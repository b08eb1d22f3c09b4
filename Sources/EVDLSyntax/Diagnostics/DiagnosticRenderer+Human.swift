/// Renders diagnostics for people, in the style of rustc:
///
///     error[EVDL0201]: duplicate declaration of `Order`
///      --> Sources/order.evdl:9:11
///       |
///     9 | aggregate Order {
///       |           ^^^^^ redeclared here
///       |
///       = help: rename one of the declarations
///     note: first declared here
///      --> Sources/order.evdl:1:11
///       |
///     1 | aggregate Order {
///       |           ^^^^^
///
/// Tabs are shown as four spaces and wide characters as two columns, so carets sit under what they mark.
/// Notes without a place become `= note:` lines; notes with a place get their own snippet.
public struct HumanDiagnosticRenderer: DiagnosticRenderer {
    /// Whether to colour the output with ANSI escapes.
    public var colors: Bool

    /// Creates a renderer; colour is off unless asked for.
    public init(colors: Bool = false) {
        self.colors = colors
    }

    /// Renders every diagnostic, each followed by a blank line.
    public func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        var out = ""
        for diagnostic in diagnostics {
            out += render(diagnostic, sources: sources)
            out += "\n"
        }
        return out
    }

    /// Renders one diagnostic (without the blank line that separates diagnostics).
    public func render(_ diagnostic: Diagnostic, sources: SourceManager) -> String {
        let style = ANSIStyle(enabled: colors)
        let role = ANSIStyle.Role.of(diagnostic.severity)
        let spannedNotes = diagnostic.notes.compactMap { note in note.span.map { (note.message, $0) } }
        let plainNotes = diagnostic.notes.filter { $0.span == nil }.map(\.message)
        let snippets = ([diagnostic.span].compactMap { $0 } + spannedNotes.map(\.1)).map { Snippet($0, in: sources) }
        let gutter = snippets.map { String($0.lastLineNumber).count }.max() ?? 1
        let pad = String(repeating: " ", count: gutter)
        let bar = style.paint(pad + " |", .gutter)

        var out = style.paint("\(diagnostic.severity.rawValue)[\(diagnostic.code)]", role)
            + style.paint(": \(diagnostic.message)", .bold) + "\n"
        if let span = diagnostic.span {
            out += Snippet(span, in: sources).render(label: diagnostic.label, role: role, gutter: gutter, style: style)
        }
        let trailer = plainNotes.map { ("note", $0) } + (diagnostic.help.map { [("help", $0)] } ?? [])
        if !trailer.isEmpty {
            if diagnostic.span != nil { out += bar + "\n" }
            for (kind, text) in trailer {
                out += pad + style.paint(" = ", .gutter) + style.paint(kind, .bold) + ": " + text + "\n"
            }
        }
        for (message, span) in spannedNotes {
            out += style.paint("note", .note) + style.paint(": \(message)", .bold) + "\n"
            out += Snippet(span, in: sources).render(label: nil, role: .note, gutter: gutter, style: style)
        }
        return out
    }
}
