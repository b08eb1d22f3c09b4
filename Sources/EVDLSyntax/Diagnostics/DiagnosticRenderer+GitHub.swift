/// Renders diagnostics as GitHub Actions workflow commands, which show up as annotations on the pull request:
///
///     ::error file=Sources/order.evdl,line=9,col=11,endLine=9,endColumn=16,title=EVDL0201::duplicate declaration of `Order`
///
/// Errors become `::error`, warnings `::warning`, standalone notes `::notice`. Notes and help are appended to the
/// message on their own lines. Escaping follows GitHub's rules: in the message `%`, CR and LF become `%25`, `%0D`,
/// `%0A`; in property values also `:` and `,` become `%3A` and `%2C`.
public struct GitHubDiagnosticRenderer: DiagnosticRenderer {
    /// Creates the renderer.
    public init() {}

    /// Renders one workflow command per diagnostic.
    public func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        var out = ""
        for diagnostic in diagnostics {
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var properties: [String] = []
            if let span = diagnostic.span {
                let at = ResolvedLocation(span, in: sources)
                properties += [
                    "file=" + Self.escapeProperty(at.path), "line=\(at.start.line)", "col=\(at.start.column)",
                    "endLine=\(at.end.line)", "endColumn=\(at.end.column)",
                ]
            }
            properties.append("title=" + Self.escapeProperty(diagnostic.code.rawValue))
            var message = diagnostic.message
            if let label = diagnostic.label { message += " (\(label))" }
            for note in diagnostic.notes {
                message += "\nnote: " + note.message
                if let span = note.span { message += " (" + ResolvedLocation(span, in: sources).description + ")" }
            }
            if let help = diagnostic.help { message += "\nhelp: " + help }
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(message))\n"
        }
        return out
    }

    /// Escapes a message (`%`, CR, LF).
    static func escapeData(_ text: String) -> String { escape(text, property: false) }

    /// Escapes a property value (`%`, CR, LF, `:`, `,`).
    static func escapeProperty(_ text: String) -> String { escape(text, property: true) }

    private static func escape(_ text: String, property: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
