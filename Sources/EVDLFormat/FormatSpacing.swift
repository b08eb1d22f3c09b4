import EVDLSyntax

/// Whether one space or none goes between two elements on a line.
///
/// Whitespace inside a line means nothing to the parser except in three places, where the source's choice is kept:
/// a `?` touching the value before it and a `.` after it (`a?.b`, optional chaining, against `c ? .x : .y`), and a
/// `.` or `[`/`(` touching a keyword or contextual word (`case.total = 1` against `case .open:`).
struct FormatSpacing {
    let bytes: [UInt8]
    let elements: [FormatElement]
    /// The `?` and `:` of conditionals (`c ? a : b`), which take a space on both sides.
    private(set) var conditionalMarks: [Bool] = []

    init(bytes: [UInt8], elements: [FormatElement]) {
        self.bytes = bytes
        self.elements = elements
        conditionalMarks = findConditionals()
    }

    /// The `?` that the parser reads as a conditional (not `a?.b`, and followed by a value on its line, where a type's
    /// `?` is not) and the `:` that ends its first branch: the first `:` after it at the same bracket depth.
    private func findConditionals() -> [Bool] {
        var marks = [Bool](repeating: false, count: elements.count)
        var open: [Int] = [0]
        for index in elements.indices {
            guard let kind = elements[index].token else { continue }
            switch kind {
            case .leftBrace, .leftParen, .leftBracket:
                open.append(0)
            case .rightBrace, .rightParen, .rightBracket:
                if open.count > 1 { open.removeLast() }
            case .question:
                let next = index + 1
                let chain = next < elements.count && elements[next].tag == .dot && elements[next].gluedToPrevious && elements[index].gluedToPrevious
                if !chain, next < elements.count, elements[next].breaksBefore == 0, startsValue(next) {
                    marks[index] = true
                    open[open.count - 1] += 1
                }
            case .colon:
                if open[open.count - 1] > 0 {
                    marks[index] = true
                    open[open.count - 1] -= 1
                }
            case .identifier, .keyword, .integer, .decimal, .duration, .stringStart, .stringSegment, .interpolationStart,
                 .interpolationEnd, .stringEnd, .comma, .semicolon, .dot, .arrow, .questionQuestion, .equal, .equalEqual,
                 .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang,
                 .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile:
                break
            }
        }
        return marks
    }

    /// Whether the element can start a value (`was` after a type cannot: it names a field's earlier name).
    func startsValue(_ index: Int) -> Bool {
        if elements[index].tag == .string { return true }
        guard let kind = elements[index].token else { return false }
        switch kind {
        case .identifier:
            return !spells(index, Self.wasWord)
        case .keyword(let keyword):
            return keyword.isExpressionName || keyword == .true || keyword == .false || keyword == .nil
        case .integer, .decimal, .duration, .stringStart, .leftParen, .leftBracket, .dot, .bang, .minus, .leftBrace:
            return true
        case .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd, .rightBrace, .rightParen,
             .rightBracket, .comma, .semicolon, .colon, .arrow, .question, .questionQuestion, .equal, .equalEqual,
             .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .star, .slash, .percent, .ampAmp, .pipePipe,
             .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile:
            return false
        }
    }

    static let wasWord = Array("was".utf8)

    /// Words that are identifiers to the lexer but keywords where they stand (see `Grammar/evdl.ebnf`).
    static let contextualWords: [[UInt8]] = ["in", "case", "switch", "for", "was", "default", "creates", "missing"].map { Array($0.utf8) }

    /// Whether the element's bytes spell `word`.
    func spells(_ index: Int, _ word: [UInt8]) -> Bool {
        let element = elements[index]
        guard element.end - element.start == word.count else { return false }
        var i = 0
        while i < word.count {
            if bytes[element.start + i] != word[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether a space goes between `elements[index - 1]` and `elements[index]` (both on one output line).
    func spaceBefore(_ index: Int) -> Bool {
        let a = elements[index - 1]
        let b = elements[index]
        let left = a.tag
        let right = b.tag
        if a.isComment || b.isComment { return true }
        if left == .leftParen || left == .leftBracket { return false }
        if right == .colon, conditionalMarks[index] { return true }
        if right == .rightParen || right == .rightBracket || right == .comma || right == .semicolon || right == .colon { return false }
        if left == .leftBrace || right == .rightBrace { return true }
        if left == .dot || left == .bang { return false }
        if left == .minus, isPrefix(index - 1) { return false }
        if conditionalMarks[index] || conditionalMarks[index - 1] { return true }
        if right == .question { return !b.gluedToPrevious }
        // After a `?`, a touching `.`, `(` or `[` decides meaning; anything else follows a type's `?` (`Int? = nil`).
        if left == .question { return right == .dot || right == .leftParen || right == .leftBracket ? !b.gluedToPrevious : true }
        switch right {
        case .dot:
            if isWordlike(index - 1) { return !b.gluedToPrevious }
            return !isOperandEnd(index - 1)
        case .questionQuestion:
            guard let suffix = isTypeSuffix(index) else { return !b.gluedToPrevious }
            return !suffix
        case .leftParen, .leftBracket:
            if isWordlike(index - 1) { return !b.gluedToPrevious }
            return !(left == .identifier || left == .rightParen || left == .rightBracket || left == .string)
        case .leftBrace, .rightBrace, .rightParen, .rightBracket, .question, .colon, .comma, .semicolon, .minus, .bang,
             .arrow, .identifier, .keyword, .number, .string, .infix, .lineComment, .docComment, .blockComment, .other:
            return true
        }
    }

    /// A keyword, or an identifier that is a contextual word: there a touching `.`, `(` or `[` may decide meaning.
    func isWordlike(_ index: Int) -> Bool {
        let tag = elements[index].tag
        if tag == .keyword { return true }
        guard tag == .identifier else { return false }
        return Self.contextualWords.contains { spells(index, $0) }
    }

    /// Whether the element ends a value, so that a `-` after it is infix and a `.` after it a member access.
    func isOperandEnd(_ index: Int) -> Bool {
        let element = elements[index]
        if element.tag == .string { return true }
        guard let kind = element.token else { return false }
        switch kind {
        case .identifier:
            return !isWordlike(index)
        case .keyword(let keyword):
            if index > 0, elements[index - 1].tag == .dot { return true }
            return keyword.isExpressionName || keyword == .true || keyword == .false || keyword == .nil
        case .integer, .decimal, .duration, .rightParen, .rightBracket, .rightBrace, .stringEnd:
            return true
        case .stringStart, .stringSegment, .interpolationStart, .interpolationEnd, .leftBrace, .leftParen,
             .leftBracket, .comma, .semicolon, .colon, .dot, .arrow, .question, .questionQuestion, .equal, .equalEqual,
             .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang,
             .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile:
            return false
        }
    }

    /// Whether the `-` at `index` is a prefix minus (nothing that ends a value stands before it on its line).
    func isPrefix(_ index: Int) -> Bool {
        index == 0 || elements[index].breaksBefore > 0 || !isOperandEnd(index - 1)
    }

    /// For the `??` at `index`: `true` when it ends a type (`Int??`: no value follows on its line), `false` when it is
    /// the infix operator, `nil` when it ends its line (either may be meant).
    func isTypeSuffix(_ index: Int) -> Bool? {
        let next = index + 1
        guard next < elements.count, elements[next].breaksBefore == 0, !elements[next].isComment else { return nil }
        return !startsValue(next)
    }
}
