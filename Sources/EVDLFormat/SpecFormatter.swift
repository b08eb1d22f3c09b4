import EVDLSyntax

/// What formatting one file gave.
public struct FormatResult: Sendable {
    /// The formatted text; the input unchanged when it has syntax errors (see ``diagnostics``).
    public var text: String
    /// The syntax errors that kept the file from being formatted (empty when it was formatted).
    public var diagnostics: [Diagnostic]
    /// Whether ``text`` differs from the input.
    public var changed: Bool
    /// The tree of the input, as the parser returned it (a process that exits right after formatting may keep it
    /// alive to skip freeing it, as `evdlc` does).
    public var tree: SpecFile

    /// Creates a result.
    public init(text: String, diagnostics: [Diagnostic], changed: Bool, tree: SpecFile = SpecFile(file: FileID(index: 0), declarations: [])) {
        self.text = text
        self.diagnostics = diagnostics
        self.changed = changed
        self.tree = tree
    }

    /// Whether the file was formatted (it had no syntax errors).
    public var isFormatted: Bool { !diagnostics.contains { $0.severity == .error } }
}

/// The one canonical layout of `.evdl` source (`evdlc format`, the language server's formatting).
///
/// The formatter reprints the file's tokens and comments; it never adds, removes or reorders a token, and it keeps
/// every line break between tokens (line breaks separate statements, so they are meaning), so the formatted file
/// parses to the same tree. What it decides:
/// - indentation: two spaces per open `{`, `(` or `[` of an earlier line; a line inside brackets whose opener has
///   more on its own line lines up with what follows the opener; a `}`, `)` or `]` that starts a line goes back to
///   the indentation of its opener's line; `case` and `default` labels sit at the level of their `switch` and the
///   statements under them two spaces deeper;
/// - continuation lines (a line that starts with an infix operator or `.`, or follows a line that ends with one)
///   four spaces deeper than the line they continue; in a body of members (aggregate, saga, step, policy, scenario,
///   …) a line that does not start with a keyword continues the member above and lines up with its second word
///   (`given A { … }` / `      B { … }`);
/// - spaces: one around infix operators, `=`, `->` and `{ }`, one after `,`, `;` and `:`, none inside `( )` and
///   `[ ]`, none around `.` and before a call's `(` or a subscript's `[`; where a space decides meaning (`a?.b`
///   against `a ? .b : c`, `case .x:` against `case.x = 1`) the source's choice is kept;
/// - blank lines: at most one in a row, none at the start or end of the file, after an opening or before a closing
///   bracket; the file ends with one line break;
/// - comments and doc comments are kept as written (trailing spaces removed); trailing comments of consecutive lines
///   line up two spaces after the longest line of the run. String literals are kept byte for byte.
///
/// A file with syntax errors is not formatted: the result holds its diagnostics and the text unchanged.
public enum SpecFormatter {
    /// Spaces per indentation level.
    public static let indentWidth = 2

    /// Formats one file.
    public static func format(_ source: SourceFile) -> FormatResult {
        let (parsed, lexed) = EVDLParser.parseKeepingTokens(source)
        let errors = parsed.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            return FormatResult(text: String(decoding: source.bytes, as: UTF8.self), diagnostics: errors, changed: false, tree: parsed.spec)
        }
        let elements = FormatElements(bytes: source.bytes, lexed: lexed)
        var writer = LayoutWriter(bytes: source.bytes, elements: elements)
        let output = writer.run()
        return FormatResult(text: String(decoding: output, as: UTF8.self), diagnostics: [], changed: output != source.bytes, tree: parsed.spec)
    }

    /// Formats text that is not in a file (standard input, an editor's buffer); `path` names it in diagnostics.
    public static func format(text: String, path: String = "<stdin>") -> FormatResult {
        format(SourceFile(id: FileID(index: 0), path: path, bytes: Array(text.utf8)))
    }
}
