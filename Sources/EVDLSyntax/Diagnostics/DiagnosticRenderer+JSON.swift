/// Renders diagnostics as a JSON array, for tools. The shape is stable and documented in the README:
///
///     [
///       {
///         "severity": "error", "code": "EVDL0201", "message": "duplicate declaration of `Order`",
///         "file": "Sources/order.evdl", "line": 9, "column": 11, "endLine": 9, "endColumn": 16,
///         "startOffset": 120, "endOffset": 125, "label": "redeclared here",
///         "notes": [ { "message": "first declared here", "file": …, "line": …, … } ],
///         "help": "rename one of the declarations"
///       }
///     ]
///
/// Lines and columns are 1-based; columns count Unicode scalars; `endLine`/`endColumn` and `endOffset` point one
/// past the last character (exclusive). Place keys are `null` for a diagnostic or note without a place; `label` and
/// `help` are `null` when absent. Keys always appear, in this order; each diagnostic is on one line.
public struct JSONDiagnosticRenderer: DiagnosticRenderer {
    /// Creates the renderer.
    public init() {}

    /// Renders the array (an empty array `[]` for no diagnostics), followed by a newline.
    public func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        guard !diagnostics.isEmpty else { return "[]\n" }
        let objects = diagnostics.map { diagnostic -> String in
            let notes = diagnostic.notes.map { note in
                "{" + (["\"message\":" + Self.string(note.message)] + Self.place(note.span, sources)).joined(separator: ",") + "}"
            }
            let members = [
                "\"severity\":" + Self.string(diagnostic.severity.rawValue),
                "\"code\":" + Self.string(diagnostic.code.rawValue),
                "\"message\":" + Self.string(diagnostic.message),
            ] + Self.place(diagnostic.span, sources) + [
                "\"label\":" + (diagnostic.label.map(Self.string) ?? "null"),
                "\"notes\":[" + notes.joined(separator: ",") + "]",
                "\"help\":" + (diagnostic.help.map(Self.string) ?? "null"),
            ]
            return "  {" + members.joined(separator: ",") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    private static func place(_ span: Span?, _ sources: SourceManager) -> [String] {
        let keys = ["file", "line", "column", "endLine", "endColumn", "startOffset", "endOffset"]
        guard let span else { return keys.map { "\"\($0)\":null" } }
        let at = ResolvedLocation(span, in: sources)
        let values = [
            string(at.path), String(at.start.line), String(at.start.column), String(at.end.line), String(at.end.column),
            String(at.startOffset), String(at.endOffset),
        ]
        return zip(keys, values).map { "\"\($0)\":\($1)" }
    }

    /// A JSON string literal (RFC 8259) of `text`: quotes, backslashes and control characters escaped (also what
    /// the language server writes).
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
