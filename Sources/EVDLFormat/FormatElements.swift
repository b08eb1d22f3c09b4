import EVDLSyntax

/// What an element is, as far as layout cares, in one byte (comparing ``TokenKind``s, whose `keyword` case has a
/// payload, costs a call each time; the formatter compares kinds many times per token).
enum FormatTag: UInt8 {
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case dot, question, questionQuestion, colon, comma, semicolon, minus, bang, arrow
    case identifier, keyword, number, string
    /// Another infix operator or an assignment operator (`+`, `&&`, `=`, `+=`, …).
    case infix
    case lineComment, docComment, blockComment
    /// Anything else (string parts never stand alone; `invalid` never reaches the formatter).
    case other

    init(_ kind: TokenKind) {
        switch kind {
        case .leftBrace: self = .leftBrace
        case .rightBrace: self = .rightBrace
        case .leftParen: self = .leftParen
        case .rightParen: self = .rightParen
        case .leftBracket: self = .leftBracket
        case .rightBracket: self = .rightBracket
        case .dot: self = .dot
        case .question: self = .question
        case .questionQuestion: self = .questionQuestion
        case .colon: self = .colon
        case .comma: self = .comma
        case .semicolon: self = .semicolon
        case .minus: self = .minus
        case .bang: self = .bang
        case .arrow: self = .arrow
        case .identifier: self = .identifier
        case .keyword: self = .keyword
        case .integer, .decimal, .duration: self = .number
        case .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .star, .slash,
             .percent, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual:
            self = .infix
        case .stringStart, .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd, .invalid, .endOfFile:
            self = .other
        }
    }

    /// Whether a line that starts or ends with this continues an expression (an infix operator or `.`).
    var continuesLine: Bool {
        switch self {
        case .infix, .minus, .questionQuestion, .dot, .arrow: true
        case .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .question, .colon, .comma,
             .semicolon, .bang, .identifier, .keyword, .number, .string, .lineComment, .docComment, .blockComment, .other:
            false
        }
    }

    var isOpener: Bool { self == .leftBrace || self == .leftParen || self == .leftBracket }
    var isCloser: Bool { self == .rightBrace || self == .rightParen || self == .rightBracket }
}

/// One thing the formatter prints: a token (a whole string literal counts as one) or a comment, with its bytes and
/// how many line breaks stood between it and the element before.
struct FormatElement {
    /// What an element is.
    enum Kind: Equatable {
        /// A token other than a string literal.
        case token(TokenKind)
        /// A string literal from its opening to its closing quote, interpolations included.
        case string
        /// A comment.
        case comment(Comment.Kind)
    }

    var kind: Kind
    var tag: FormatTag
    var start: Int
    var end: Int
    /// Line breaks in the whitespace before the element (0: on the line of the element before).
    var breaksBefore: Int
    /// Whether the element's own bytes hold a line break (a block comment over several lines).
    var spansLines: Bool
    /// Whether it touches the element before (no byte between them).
    var gluedToPrevious: Bool

    /// The token kind, for tokens.
    var token: TokenKind? {
        if case .token(let kind) = kind { return kind }
        return nil
    }

    var isComment: Bool { tag == .lineComment || tag == .docComment || tag == .blockComment }
}

/// A line of the source: the elements between two line breaks.
struct FormatLine {
    /// The range of the line's elements in ``FormatElements/elements``.
    var elements: Range<Int>
    /// Line breaks before the line (2 or more: a blank line before it).
    var breaksBefore: Int
}

/// The elements of a file in order, grouped into lines.
struct FormatElements {
    var elements: [FormatElement] = []
    var lines: [FormatLine] = []

    init(bytes: [UInt8], lexed: LexedFile) {
        elements.reserveCapacity(lexed.tokens.count + lexed.comments.count)
        var commentIndex = 0
        var previousEnd = 0
        var index = 0
        let tokens = lexed.tokens
        let comments = lexed.comments
        func append(_ kind: FormatElement.Kind, _ start: Int, _ end: Int) {
            let breaks = Self.lineBreaks(in: bytes, from: previousEnd, to: start)
            var spansLines = false
            if case .comment(.block) = kind { spansLines = Self.lineBreaks(in: bytes, from: start, to: end) > 0 }
            let tag: FormatTag
            switch kind {
            case .token(let token): tag = FormatTag(token)
            case .string: tag = .string
            case .comment(.line): tag = .lineComment
            case .comment(.doc): tag = .docComment
            case .comment(.block): tag = .blockComment
            }
            elements.append(FormatElement(kind: kind, tag: tag, start: start, end: end, breaksBefore: breaks, spansLines: spansLines, gluedToPrevious: start == previousEnd && !elements.isEmpty))
            previousEnd = end
        }
        while index < tokens.count, tokens[index].kind != .endOfFile {
            let token = tokens[index]
            while commentIndex < comments.count, comments[commentIndex].span.start < token.span.start {
                append(.comment(comments[commentIndex].kind), comments[commentIndex].span.start, comments[commentIndex].span.end)
                commentIndex += 1
            }
            if case .stringStart = token.kind {
                // The whole literal, interpolations and nested literals included, is one element printed as written.
                var depth = 0
                var last = index
                while last < tokens.count {
                    switch tokens[last].kind {
                    case .stringStart: depth += 1
                    case .stringEnd: depth -= 1
                    case .endOfFile: depth = 0
                    case .identifier, .keyword, .integer, .decimal, .duration, .stringSegment, .interpolationStart,
                         .interpolationEnd, .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket,
                         .comma, .semicolon, .colon, .dot, .arrow, .question, .questionQuestion, .equal, .equalEqual,
                         .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent,
                         .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid:
                        break
                    }
                    if depth == 0 { break }
                    last += 1
                }
                let end = tokens[min(last, tokens.count - 1)].span.end
                append(.string, token.span.start, end)
                // Comments inside interpolations are part of the literal's bytes.
                while commentIndex < comments.count, comments[commentIndex].span.start < end { commentIndex += 1 }
                index = last + 1
            } else {
                append(.token(token.kind), token.span.start, token.span.end)
                index += 1
            }
        }
        while commentIndex < comments.count {
            append(.comment(comments[commentIndex].kind), comments[commentIndex].span.start, comments[commentIndex].span.end)
            commentIndex += 1
        }
        groupLines()
    }

    /// Splits the elements into lines: at every line break in the whitespace between them, and after a block comment
    /// that spans lines (what follows it was on a new line for the parser too).
    private mutating func groupLines() {
        var lineStart = 0
        for i in elements.indices where i > 0 {
            if elements[i].breaksBefore > 0 || elements[i - 1].spansLines || elements[i - 1].tag == .lineComment || elements[i - 1].tag == .docComment {
                lines.append(FormatLine(elements: lineStart..<i, breaksBefore: elements[lineStart].breaksBefore))
                lineStart = i
            }
        }
        if lineStart < elements.count {
            lines.append(FormatLine(elements: lineStart..<elements.count, breaksBefore: elements[lineStart].breaksBefore))
        }
    }

    /// Line breaks in `bytes[from..<to]` (`\r\n` counts once).
    static func lineBreaks(in bytes: [UInt8], from: Int, to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                count += 1
            } else if b == UInt8(ascii: "\r") {
                count += 1
                if i + 1 < to, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
            }
            i += 1
        }
        return count
    }
}
