/// Renders one line per diagnostic and per note in the form compilers use, which Xcode and SwiftPM turn into
/// issues:
///
///     Sources/order.evdl:9:11: error: duplicate declaration of `Order` [EVDL0201]
///     Sources/order.evdl:1:11: note: first declared here
///     Sources/order.evdl:9:11: note: help: rename one of the declarations
///
/// A note without a place, and the help line, are printed at the diagnostic's own place. A diagnostic
/// without any place starts with `evdlc:` instead of a location.
public struct PlainDiagnosticRenderer: DiagnosticRenderer {
    /// Creates the renderer.
    public init() {}

    /// Renders every diagnostic with its notes and help.
    public func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        var out = ""
        for diagnostic in diagnostics {
            let place = diagnostic.span.map { ResolvedLocation($0, in: sources).description } ?? "evdlc"
            out += "\(place): \(diagnostic.severity.rawValue): \(Self.oneLine(diagnostic.message)) [\(diagnostic.code)]\n"
            for note in diagnostic.notes {
                let notePlace = note.span.map { ResolvedLocation($0, in: sources).description } ?? place
                out += "\(notePlace): note: \(Self.oneLine(note.message))\n"
            }
            if let help = diagnostic.help {
                out += "\(place): note: help: \(Self.oneLine(help))\n"
            }
        }
        return out
    }

    /// Line breaks inside a message would start a line the tools misread; they become spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
