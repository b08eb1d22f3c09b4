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
        let gutter = snippets.map { String($0.lineNumber).count }.max() ?? 1
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

/// The place a span points at: its location, the source line it starts on, and where the carets go.
struct Snippet {
    let location: ResolvedLocation
    let lineNumber: Int
    /// `nil` when the file is empty (nothing to show, e.g. an input that could not be read).
    let line: DisplayLine?
    let caretStart: Int
    let caretCount: Int

    init(_ span: Span, in sources: SourceManager) {
        let file = sources[span.file]
        let location = ResolvedLocation(span, in: sources)
        self.location = location
        self.lineNumber = location.start.line
        guard !file.bytes.isEmpty else {
            line = nil
            caretStart = 0
            caretCount = 1
            return
        }
        let range = file.lines.byteRange(ofLine: lineNumber, in: file.bytes.count)
        var end = range.upperBound
        while end > range.lowerBound, file.bytes[end - 1] == UInt8(ascii: "\n") || file.bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        let display = DisplayLine(bytes: file.bytes[range.lowerBound..<end])
        let start = display.column(ofByte: location.startOffset - range.lowerBound)
        let stop = display.column(ofByte: min(location.endOffset, end) - range.lowerBound)
        line = display
        caretStart = start
        caretCount = max(1, stop - start)
    }

    /// ` --> path:line:col`, the line with its number, and the carets with the label.
    func render(label: String?, role: ANSIStyle.Role, gutter: Int, style: ANSIStyle) -> String {
        let pad = String(repeating: " ", count: gutter)
        var out = pad + style.paint("-->", .gutter) + " \(location.description)\n"
        guard let line else { return out }
        var text = line.text
        var start = caretStart
        var count = caretCount
        if line.width > DisplayLine.maximumWidth {
            // Show a window of the long line around the carets, marked with ellipses where cut.
            let from = max(0, min(caretStart - 20, line.width - DisplayLine.maximumWidth))
            let to = from + DisplayLine.maximumWidth
            let lead = from > 0 ? "..." : ""
            text = lead + line.text(from: from, to: to) + (to < line.width ? "..." : "")
            start = caretStart - from + lead.count
            count = max(1, min(caretCount, to - caretStart))
        }
        let number = String(lineNumber)
        let numberPad = String(repeating: " ", count: gutter - number.count)
        out += style.paint(pad + " |", .gutter) + "\n"
        out += style.paint(numberPad + number + " |", .gutter) + (text.isEmpty ? "" : " " + text) + "\n"
        let carets = String(repeating: " ", count: start) + style.paint(String(repeating: "^", count: count), role)
        let labelText = label.map { " " + style.paint($0, role) } ?? ""
        out += style.paint(pad + " |", .gutter) + " " + carets + labelText + "\n"
        return out
    }
}
