import EVDLSyntax

/// Prints the elements of a file line by line in the canonical layout (see ``SpecFormatter``).
struct LayoutWriter {
    /// A bracket opened on a line printed so far and not yet closed.
    struct OpenBracket {
        /// The indentation of the line the bracket opened on.
        var lineIndent: Int
        /// The column of what followed the bracket on its line, if anything did.
        var alignColumn: Int?
        /// A body of members (aggregate, saga, step, …), whose items start with a keyword.
        var isMemberBody: Bool
        /// The body of a `switch`: its `case` labels sit at the `switch`'s level, the statements one level deeper.
        var isSwitchBody: Bool
        /// The column of the second element of the last member that started in this body.
        var hangColumn: Int?
        /// The indentation of the last line that started an item (not a continuation) in this bracket.
        var itemIndent: Int
    }

    /// A printed line: its code (indentation included) in ``text``, and the comment that ends it, if any, in the
    /// source bytes.
    struct OutputLine {
        var code: Range<Int>
        var trailingComment: Range<Int>?
    }

    let bytes: [UInt8]
    let elements: [FormatElement]
    let lines: [FormatLine]
    let spacing: FormatSpacing
    let width = SpecFormatter.indentWidth
    /// The open brackets; the first entry stands for the top level (a body of declarations) and is never closed.
    var stack: [OpenBracket]
    var output: [OutputLine] = []
    /// The code of every printed line, one after another.
    var text: [UInt8] = []

    init(bytes: [UInt8], elements: FormatElements) {
        self.bytes = bytes
        self.elements = elements.elements
        self.lines = elements.lines
        self.spacing = FormatSpacing(bytes: bytes, elements: elements.elements)
        self.stack = [OpenBracket(lineIndent: -SpecFormatter.indentWidth, alignColumn: nil, isMemberBody: true, isSwitchBody: false, hangColumn: nil, itemIndent: 0)]
    }

    /// Prints every line and returns the file's new bytes.
    mutating func run() -> [UInt8] {
        output.reserveCapacity(lines.count + lines.count / 4)
        text.reserveCapacity(bytes.count + bytes.count / 8)
        var previousEndsWithOpener = false
        for (number, line) in lines.enumerated() {
            var firstAtom: Int?
            var lastAtom: Int?
            for index in line.elements where !elements[index].isComment {
                if firstAtom == nil { firstAtom = index }
                lastAtom = index
            }
            let startsWithCloser = firstAtom == line.elements.lowerBound && isCloser(line.elements.lowerBound)
            if number > 0, line.breaksBefore >= 2, !startsWithCloser, !previousEndsWithOpener, !output.isEmpty {
                output.append(OutputLine(code: text.count..<text.count, trailingComment: nil))
            }
            let indent: Int
            if let firstAtom {
                indent = indentation(at: firstAtom, closerAsItem: false)
            } else if let next = nextAtom(after: line.elements.upperBound) {
                indent = indentation(at: next, closerAsItem: true)
            } else {
                indent = itemBase()
            }
            print(line, indent: indent, firstAtom: firstAtom)
            previousEndsWithOpener = lastAtom.map { elements[$0].tag.isOpener } ?? false
        }
        return assemble()
    }

    // MARK: Indentation

    /// Where the line that starts with the token at `index` begins.
    func indentation(at index: Int, closerAsItem: Bool) -> Int {
        if isCloser(index) {
            if !closerAsItem { return max(0, stack[stack.count - 1].lineIndent) }
            return itemBase()
        }
        let top = stack[stack.count - 1]
        var base = top.alignColumn ?? top.lineIndent + width
        if top.isSwitchBody, isCaseLabel(index) { base -= width }
        if isOperatorContinuation(at: index) { return base + 2 * width }
        if top.isMemberBody, !isKeyword(index) { return top.hangColumn ?? base + width }
        return base
    }

    /// The indentation of a new item in the innermost bracket.
    func itemBase() -> Int {
        let top = stack[stack.count - 1]
        return max(0, top.alignColumn ?? top.lineIndent + width)
    }

    /// A line that starts with an infix operator or `.`, or follows a line that ends with one, continues an
    /// expression.
    func isOperatorContinuation(at index: Int) -> Bool {
        if elements[index].tag.continuesLine { return true }
        var previous = index - 1
        while previous >= 0, elements[previous].isComment { previous -= 1 }
        return previous >= 0 && elements[previous].tag.continuesLine
    }

    /// The first token at or after `index`.
    func nextAtom(after index: Int) -> Int? {
        var i = index
        while i < elements.count {
            if !elements[i].isComment { return i }
            i += 1
        }
        return nil
    }

    func isOpener(_ index: Int) -> Bool { elements[index].tag.isOpener }

    func isCloser(_ index: Int) -> Bool { elements[index].tag.isCloser }

    func isKeyword(_ index: Int) -> Bool { elements[index].tag == .keyword }

    func isCaseLabel(_ index: Int) -> Bool {
        elements[index].tag == .identifier && (spacing.spells(index, Self.caseWord) || spacing.spells(index, Self.defaultWord))
    }

    static let caseWord = Array("case".utf8)
    static let defaultWord = Array("default".utf8)
    static let switchWord = Array("switch".utf8)

    /// The bracket the `{` at `index` opens: a body of members when it follows `aggregate X`, `saga X`, `step x`,
    /// `scenario "…"` (also `scenario "…" for X`), `on failure` and the like; a `switch` body when its line's statement starts with `switch`.
    func openBracket(at index: Int, lineIndent: Int) -> OpenBracket {
        var bracket = OpenBracket(lineIndent: lineIndent, alignColumn: nil, isMemberBody: false, isSwitchBody: false, hangColumn: nil, itemIndent: lineIndent)
        guard elements[index].tag == .leftBrace else { return bracket }
        var start = index
        while start > 0, elements[start].breaksBefore == 0, !elements[start - 1].isComment {
            let tag = elements[start - 1].tag
            if tag == .leftBrace || tag == .semicolon { break }
            start -= 1
        }
        if case .keyword(.scenario)? = elements[start].token {
            // `scenario "…" {` and `scenario "…" for Subject {`.
            bracket.isMemberBody = true
        } else if start + 2 == index, case .keyword(let keyword)? = elements[start].token {
            switch keyword {
            case .aggregate, .projection, .saga, .policy, .service, .step:
                bracket.isMemberBody = true
            case .on:
                bracket.isMemberBody = elements[start + 1].token == .keyword(.failure)
            case .scenario, .type, .enum, .publish, .id, .snapshot, .every, .state, .command, .event, .emits, .decide, .apply,
                 .emit, .require, .else, .if, .let, .delete, .key, .row, .query, .where, .input, .start, .invoke,
                 .as, .compensate, .nothing, .retry, .forever, .timeout, .failure, .send, .after, .to, .given, .when,
                 .then, .rejected, .true, .false, .nil:
                break
            }
        }
        bracket.isSwitchBody = elements[start].tag == .identifier && spacing.spells(start, Self.switchWord)
        return bracket
    }

    // MARK: Printing

    /// Prints one line at `indent`, keeping track of the brackets it opens and closes.
    mutating func print(_ line: FormatLine, indent: Int, firstAtom: Int?) {
        let lineStart = text.count
        text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        var column = indent
        var trailing: Range<Int>?
        var pendingAlign: Int?
        let itemDepth = stack.count - 1
        var startsItem = false
        var continuesOperator = false
        if let first = firstAtom, !isCloser(first) {
            continuesOperator = isOperatorContinuation(at: first)
            startsItem = !continuesOperator && !(stack[itemDepth].isMemberBody && !isKeyword(first))
        }
        if startsItem { stack[itemDepth].itemIndent = indent }
        // A bracket opened on a line that continues an operator expression belongs to the item's first line:
        // `if a\n    && b {` closes its block at the indentation of `if`.
        let openerIndent = continuesOperator ? stack[itemDepth].itemIndent : indent
        var atomsOnLine = 0
        for index in line.elements {
            let element = elements[index]
            if index > line.elements.lowerBound, spacing.spaceBefore(index) {
                text.append(UInt8(ascii: " "))
                column += 1
            }
            if element.isComment {
                let comment = trimmed(element)
                if index == line.elements.upperBound - 1, atomsOnLine > 0, !element.spansLines {
                    if text.count > lineStart, text[text.count - 1] == UInt8(ascii: " ") { text.removeLast() }
                    trailing = comment
                } else {
                    text.append(contentsOf: bytes[comment])
                    column += Self.scalarCount(bytes[comment])
                }
                continue
            }
            atomsOnLine += 1
            if atomsOnLine == 2, startsItem, stack.count - 1 >= itemDepth {
                stack[itemDepth].hangColumn = column
            }
            if let open = pendingAlign {
                if open == stack.count - 1, !isCloser(index) { stack[open].alignColumn = column }
                pendingAlign = nil
            }
            let atom = bytes[element.start..<element.end]
            text.append(contentsOf: atom)
            column += Self.scalarCount(atom)
            if isOpener(index) {
                stack.append(openBracket(at: index, lineIndent: openerIndent))
                pendingAlign = stack.count - 1
            } else if isCloser(index), stack.count > 1 {
                stack.removeLast()
            }
        }
        if startsItem, atomsOnLine < 2, stack.count - 1 >= itemDepth { stack[itemDepth].hangColumn = nil }
        output.append(OutputLine(code: lineStart..<text.count, trailingComment: trailing))
    }

    /// A comment's bytes without trailing spaces and tabs.
    func trimmed(_ element: FormatElement) -> Range<Int> {
        var end = element.end
        while end > element.start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return element.start..<end
    }

    /// The number of Unicode scalars in UTF-8 bytes (bytes that do not continue a sequence).
    static func scalarCount(_ text: ArraySlice<UInt8>) -> Int {
        var count = 0
        for byte in text where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Joins the lines, lining up the trailing comments of consecutive lines two spaces after the longest code.
    func assemble() -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count + output.count + bytes.count / 8)
        var last = output.count
        while last > 0, output[last - 1].code.isEmpty, output[last - 1].trailingComment == nil { last -= 1 }
        var index = 0
        while index < last {
            var runEnd = index
            var widest = 0
            while runEnd < last, output[runEnd].trailingComment != nil {
                widest = max(widest, Self.scalarCount(text[output[runEnd].code]))
                runEnd += 1
            }
            if runEnd == index {
                result.append(contentsOf: text[output[index].code])
                result.append(UInt8(ascii: "\n"))
                index += 1
                continue
            }
            for line in output[index..<runEnd] {
                result.append(contentsOf: text[line.code])
                let pad = widest + 2 - Self.scalarCount(text[line.code])
                result.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pad))
                if let comment = line.trailingComment { result.append(contentsOf: bytes[comment]) }
                result.append(UInt8(ascii: "\n"))
            }
            index = runEnd
        }
        return result
    }
}
