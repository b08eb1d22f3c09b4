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

    /// A printed line: its code (indentation included) and the comment that ends it, if any.
    struct OutputLine {
        var code: [UInt8]
        var trailingComment: ArraySlice<UInt8>?
    }

    let bytes: [UInt8]
    let elements: [FormatElement]
    let lines: [FormatLine]
    let spacing: FormatSpacing
    let width = SpecFormatter.indentWidth
    /// The open brackets; the first entry stands for the top level (a body of declarations) and is never closed.
    var stack: [OpenBracket]
    var output: [OutputLine] = []

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
        var previousEndsWithOpener = false
        for (number, line) in lines.enumerated() {
            let firstAtom = line.elements.first { !elements[$0].isComment }
            let startsWithCloser = firstAtom == line.elements.lowerBound && firstAtom.map(isCloser) == true
            if number > 0, line.breaksBefore >= 2, !startsWithCloser, !previousEndsWithOpener, !output.isEmpty {
                output.append(OutputLine(code: [], trailingComment: nil))
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
            if let last = line.elements.last(where: { !elements[$0].isComment }) {
                previousEndsWithOpener = isOpener(last)
            } else {
                previousEndsWithOpener = false
            }
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
        if let kind = elements[index].token, Self.continues(kind) { return true }
        var previous = index - 1
        while previous >= 0, elements[previous].isComment { previous -= 1 }
        guard previous >= 0, let kind = elements[previous].token else { return false }
        return Self.continues(kind)
    }

    static func continues(_ kind: TokenKind) -> Bool {
        kind.binaryOperator != nil || kind.assignmentOperator != nil || kind == .dot || kind == .arrow
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

    func isOpener(_ index: Int) -> Bool {
        let kind = elements[index].token
        return kind == .leftBrace || kind == .leftParen || kind == .leftBracket
    }

    func isCloser(_ index: Int) -> Bool {
        let kind = elements[index].token
        return kind == .rightBrace || kind == .rightParen || kind == .rightBracket
    }

    func isKeyword(_ index: Int) -> Bool {
        if case .keyword? = elements[index].token { return true }
        return false
    }

    func isCaseLabel(_ index: Int) -> Bool {
        elements[index].token == .identifier && (spacing.spells(index, Self.caseWord) || spacing.spells(index, Self.defaultWord))
    }

    static let caseWord = Array("case".utf8)
    static let defaultWord = Array("default".utf8)
    static let switchWord = Array("switch".utf8)

    /// The bracket the `{` at `index` opens: a body of members when it follows `aggregate X`, `saga X`, `step x`,
    /// `scenario "…"` (also `scenario "…" for X`), `on failure` and the like; a `switch` body when its line's statement starts with `switch`.
    func openBracket(at index: Int, lineIndent: Int) -> OpenBracket {
        var bracket = OpenBracket(lineIndent: lineIndent, alignColumn: nil, isMemberBody: false, isSwitchBody: false, hangColumn: nil, itemIndent: lineIndent)
        guard elements[index].token == .leftBrace else { return bracket }
        var start = index
        while start > 0, elements[start].breaksBefore == 0, !elements[start - 1].isComment {
            let kind = elements[start - 1].token
            if kind == .leftBrace || kind == .semicolon { break }
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
        bracket.isSwitchBody = elements[start].token == .identifier && spacing.spells(start, Self.switchWord)
        return bracket
    }

    // MARK: Printing

    /// Prints one line at `indent`, keeping track of the brackets it opens and closes.
    mutating func print(_ line: FormatLine, indent: Int, firstAtom: Int?) {
        var code = [UInt8](repeating: UInt8(ascii: " "), count: indent)
        var column = indent
        var trailing: ArraySlice<UInt8>?
        var pendingAlign: Int?
        let itemDepth = stack.count - 1
        let startsItem = firstAtom.map { !isCloser($0) && !isOperatorContinuation(at: $0) && !(stack[itemDepth].isMemberBody && !isKeyword($0)) } ?? false
        if startsItem { stack[itemDepth].itemIndent = indent }
        // A bracket opened on a line that continues an operator expression belongs to the item's first line:
        // `if a\n    && b {` closes its block at the indentation of `if`.
        let continuesOperator = firstAtom.map { !isCloser($0) && isOperatorContinuation(at: $0) } ?? false
        let openerIndent = continuesOperator ? stack[itemDepth].itemIndent : indent
        var atomsOnLine = 0
        for index in line.elements {
            let element = elements[index]
            if index > line.elements.lowerBound, spacing.spaceBefore(index) {
                code.append(UInt8(ascii: " "))
                column += 1
            }
            if element.isComment {
                let text = trimmed(element)
                if index == line.elements.upperBound - 1, atomsOnLine > 0, !element.spansLines {
                    if code.last == UInt8(ascii: " ") { code.removeLast() }
                    trailing = text
                } else {
                    code.append(contentsOf: text)
                    column += Self.scalarCount(text)
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
            let text = bytes[element.start..<element.end]
            code.append(contentsOf: text)
            column += Self.scalarCount(text)
            if isOpener(index) {
                stack.append(openBracket(at: index, lineIndent: openerIndent))
                pendingAlign = stack.count - 1
            } else if isCloser(index), stack.count > 1 {
                stack.removeLast()
            }
        }
        if startsItem, atomsOnLine < 2, stack.count - 1 >= itemDepth { stack[itemDepth].hangColumn = nil }
        output.append(OutputLine(code: code, trailingComment: trailing))
    }

    /// A comment's bytes without trailing spaces and tabs.
    func trimmed(_ element: FormatElement) -> ArraySlice<UInt8> {
        var end = element.end
        while end > element.start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return bytes[element.start..<end]
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
        result.reserveCapacity(bytes.count + bytes.count / 8)
        var last = output.count
        while last > 0, output[last - 1].code.isEmpty, output[last - 1].trailingComment == nil { last -= 1 }
        var index = 0
        while index < last {
            var runEnd = index
            var widest = 0
            while runEnd < last, output[runEnd].trailingComment != nil {
                widest = max(widest, Self.scalarCount(output[runEnd].code[...]))
                runEnd += 1
            }
            if runEnd == index {
                result.append(contentsOf: output[index].code)
                result.append(UInt8(ascii: "\n"))
                index += 1
                continue
            }
            for line in output[index..<runEnd] {
                result.append(contentsOf: line.code)
                let pad = widest + 2 - Self.scalarCount(line.code[...])
                result.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pad))
                result.append(contentsOf: line.trailingComment ?? [])
                result.append(UInt8(ascii: "\n"))
            }
            index = runEnd
        }
        return result
    }
}
