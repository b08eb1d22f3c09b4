/// The source a span points at, drawn rustc-style: the line with carets under the span, or for a span over
/// several lines, its first and last lines joined by a bar on the left.
struct Snippet {
    /// Where the span starts and ends.
    let location: ResolvedLocation
    /// The line number printed in the `-->` line.
    var lineNumber: Int { location.start.line }
    /// The largest line number the snippet prints (for the gutter width).
    let lastLineNumber: Int
    private let file: SourceFile?
    private let endLine: Int
    private let endOffset: Int

    init(_ span: Span, in sources: SourceManager) {
        let file = sources[span.file]
        let location = ResolvedLocation(span, in: sources)
        self.location = location
        // An empty file has nothing to show (e.g. the placeholder of an input that could not be read).
        self.file = file.bytes.isEmpty ? nil : file
        // A span that ends just after a line break ends on the line before.
        var endOffset = location.endOffset
        var endLine = location.end.line
        if endLine > location.start.line, endOffset == file.lines.start(ofLine: endLine) {
            endLine -= 1
            endOffset = Self.textEnd(ofLine: endLine, in: file)
        }
        self.endLine = endLine
        self.endOffset = endOffset
        self.lastLineNumber = endLine
    }

    /// ` --> path:line:col` and the drawn source, with `label` after the carets.
    func render(label: String?, role: ANSIStyle.Role, gutter: Int, style: ANSIStyle) -> String {
        let pad = String(repeating: " ", count: gutter)
        var out = pad + style.paint("-->", .gutter) + " \(location.description)\n"
        guard let file else { return out }
        out += style.paint(pad + " |", .gutter) + "\n"
        let startLine = location.start.line
        let first = line(startLine, in: file)
        let startColumn = first.display.column(ofByte: location.startOffset - first.start)
        let labelText = label.map { " " + style.paint($0, role) } ?? ""
        func sourceLine(_ number: Int, marker: String, _ text: String) -> String {
            let shown = String(number)
            let prefix = style.paint(String(repeating: " ", count: gutter - shown.count) + shown + " |", .gutter)
            let body = marker + text
            return prefix + (body.allSatisfy { $0 == " " } ? "" : " " + body) + "\n"
        }
        guard endLine > startLine else {
            let (text, start, count) = window(first.display, from: startColumn, to: first.display.column(ofByte: endOffset - first.start))
            out += sourceLine(startLine, marker: "", text)
            out += style.paint(pad + " |", .gutter) + " " + String(repeating: " ", count: start)
                + style.paint(String(repeating: "^", count: count), role) + labelText + "\n"
            return out
        }
        // Several lines: `/` starts the bar when only blanks precede the span, else an underline leads to it.
        let onlyBlanksBefore = first.display.text(from: 0, to: startColumn).allSatisfy { $0 == " " }
        out += sourceLine(startLine, marker: onlyBlanksBefore ? style.paint("/", role) + " " : "  ", first.display.text)
        if !onlyBlanksBefore {
            out += style.paint(pad + " |", .gutter) + "  " + style.paint(String(repeating: "_", count: startColumn + 1) + "^", role) + "\n"
        }
        let middle = Array(startLine + 1..<endLine)
        let shownMiddle = middle.count > 3 ? [middle[0], -1, middle[middle.count - 1]] : middle
        for number in shownMiddle {
            if number < 0 {
                out += style.paint(String(repeating: ".", count: max(3, gutter + 2)), .gutter) + "\n"
            } else {
                out += sourceLine(number, marker: style.paint("|", role) + " ", line(number, in: file).display.text)
            }
        }
        let last = line(endLine, in: file)
        out += sourceLine(endLine, marker: style.paint("|", role) + " ", last.display.text)
        let endColumn = max(0, last.display.column(ofByte: endOffset - last.start) - 1)
        out += style.paint(pad + " |", .gutter) + " "
            + style.paint("|" + String(repeating: "_", count: endColumn + 1) + "^", role) + labelText + "\n"
        return out
    }

    /// The display of a 1-based line and the byte offset where it starts.
    private func line(_ number: Int, in file: SourceFile) -> (display: DisplayLine, start: Int) {
        let start = file.lines.start(ofLine: number)
        return (DisplayLine(bytes: file.bytes[start..<Self.textEnd(ofLine: number, in: file)]), start)
    }

    /// The offset where a line's text ends (before its terminator).
    private static func textEnd(ofLine number: Int, in file: SourceFile) -> Int {
        let range = file.lines.byteRange(ofLine: number, in: file.bytes.count)
        var end = range.upperBound
        while end > range.lowerBound, file.bytes[end - 1] == UInt8(ascii: "\n") || file.bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return end
    }

    /// The text to print and where the carets go; a line wider than ``DisplayLine/maximumWidth`` is cut to a
    /// window around the span, with `...` where it was cut.
    private func window(_ line: DisplayLine, from start: Int, to stop: Int) -> (String, Int, Int) {
        let count = max(1, stop - start)
        guard line.width > DisplayLine.maximumWidth else { return (line.text, start, count) }
        let from = max(0, min(start - 20, line.width - DisplayLine.maximumWidth))
        let to = from + DisplayLine.maximumWidth
        let lead = from > 0 ? "..." : ""
        let text = lead + line.text(from: from, to: to) + (to < line.width ? "..." : "")
        return (text, start - from + lead.count, max(1, min(count, to - start)))
    }
}
