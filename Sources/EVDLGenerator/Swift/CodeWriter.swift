/// Collects lines of source and owns indentation: the only place that decides how far a line is indented.
public struct CodeWriter: Sendable {
    /// The text of one indentation step.
    public let indentUnit: String
    private var lines: [String] = []
    private var depth = 0

    /// Creates an empty writer.
    public init(indentUnit: String = "    ") {
        self.indentUnit = indentUnit
    }

    /// Writes one line at the current depth (an empty text writes an empty line, without trailing spaces).
    public mutating func line(_ text: String) {
        if text.isEmpty {
            lines.append("")
        } else {
            lines.append(String(repeating: indentUnit, count: depth) + text)
        }
    }

    /// Writes an empty line unless the previous line is empty or opens a block (or nothing was written yet).
    public mutating func blankLine() {
        guard let last = lines.last, !last.isEmpty, !last.hasSuffix("{") else { return }
        lines.append("")
    }

    /// Writes the lines of `body` one level deeper.
    public mutating func indented(_ body: (inout CodeWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// The text written so far, every line ending with a newline.
    public var text: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
