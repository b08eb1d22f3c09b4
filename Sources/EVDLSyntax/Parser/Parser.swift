/// The result of parsing one file: a (possibly partial) tree and the syntax errors found.
public struct ParseResult: Sendable {
    /// The declarations that parsed, at least partly.
    public var spec: SpecFile
    /// Lexical and syntax diagnostics, in source order.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(spec: SpecFile, diagnostics: [Diagnostic]) {
        self.spec = spec
        self.diagnostics = diagnostics
    }
}

/// Parses `.evdl` source by recursive descent. Never throws, never crashes.
public enum EVDLParser {
    /// Parses one file.
    public static func parse(_ file: SourceFile) -> ParseResult {
        file.bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(file: file.id, lines: file.lines, lexer: LexerCore(buffer: buffer, file: file.id, reserve: Parser.window * 2))
            let spec = parser.parseSpec()
            return ParseResult(spec: spec, diagnostics: parser.finishDiagnostics())
        }
    }

    /// Parses one file and also returns every token and comment of it, as ``Lexer/tokenize(_:)`` would (for tools
    /// that need both, such as the formatter: the file is lexed once instead of twice).
    public static func parseKeepingTokens(_ file: SourceFile) -> (ParseResult, LexedFile) {
        file.bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(file: file.id, lines: file.lines, lexer: LexerCore(buffer: buffer, file: file.id, reserve: buffer.count / 5 + 8))
            parser.keepsTokens = true
            let spec = parser.parseSpec()
            let result = ParseResult(spec: spec, diagnostics: parser.finishDiagnostics())
            while !parser.lexer.finished { parser.lexer.step() }
            let lexer = parser.lexer
            let lexed = LexedFile(
                tokens: lexer.tokens, docComments: lexer.docComments, comments: lexer.comments,
                diagnostics: lexer.diagnostics, droppedDiagnosticCount: lexer.droppedDiagnostics)
            return (result, lexed)
        }
    }
}

/// The parser's state: a cursor over the tokens, the diagnostics so far, and the recovery flag.
///
/// The parser pulls tokens from the lexer as it goes and drops those it has passed, so memory for tokens stays
/// small however large the file is. It can look two tokens ahead.
///
/// Grammar rules live in extensions, one file per area (`Parser+Declarations.swift`, …). Every rule consumes what it
/// recognises and returns what it built; on an error it reports once and returns, and the enclosing list skips to
/// the next item boundary (see `Parser+Recovery.swift`).
struct Parser {
    /// Brackets, blocks, types and expressions nest at most this deep.
    static let nestingLimit = 256
    /// Passed tokens are dropped once this many have gathered.
    static let window = 4096

    let file: FileID
    /// The lexer; its `tokens` are the window the parser reads, `position` indexes into it.
    var lexer: LexerCore
    var position = 0
    var diagnostics: [Diagnostic] = []
    var droppedDiagnostics = 0
    /// Set by an error; cleared when the parser has re-synchronised at an item boundary.
    var suppressing = false
    /// How many errors were found, reported or suppressed (to leave out "missing clause" errors after them).
    var errorCount = 0
    /// The lines of the file, to drop parser errors on lines the lexer already reported.
    let lines: LineTable
    var nextExpressionIndex = 0
    var depth = 0
    var reportedNesting = false
    /// Whether a `{` on the line of a call is a trailing closure; `false` where a block follows the expression.
    var trailingClosuresAllowed = true
    /// Whether passed tokens stay in the lexer's list (``EVDLParser/parseKeepingTokens(_:)``) instead of being dropped.
    var keepsTokens = false

    init(file: FileID, lines: LineTable, lexer: LexerCore) {
        self.file = file
        self.lines = lines
        self.lexer = lexer
        refill()
    }

    // MARK: Cursor

    /// The tokens lexed and not yet dropped; `tokens[position]` is the current one.
    var tokens: [Token] {
        _read { yield lexer.tokens }
    }

    var current: Token { lexer.tokens[position] }

    func peek(_ offset: Int = 1) -> Token { lexer.tokens[min(position + offset, lexer.tokens.count - 1)] }

    func at(_ kind: TokenKind) -> Bool { lexer.tokens[position].kind == kind }

    func at(_ keyword: Keyword) -> Bool { lexer.tokens[position].kind == .keyword(keyword) }

    /// Consumes the current token (never moves past the end-of-file token).
    @discardableResult
    mutating func advance() -> Token {
        let token = lexer.tokens[position]
        if position < lexer.tokens.count - 1 { position += 1 }
        if position + 2 >= lexer.tokens.count, !lexer.finished { refill() }
        return token
    }

    /// Drops passed tokens (keeping the previous one) and lexes until two tokens of lookahead are available.
    mutating func refill() {
        if position > Parser.window, !keepsTokens {
            lexer.tokens.removeFirst(position - 1)
            position = 1
        }
        while position + 2 >= lexer.tokens.count, !lexer.finished { lexer.step() }
    }

    /// Consumes the current token if it is of `kind`.
    mutating func eat(_ kind: TokenKind) -> Token? {
        at(kind) ? advance() : nil
    }

    /// The end offset of the last consumed token.
    var previousEnd: Int { position > 0 ? lexer.tokens[position - 1].span.end : 0 }

    /// From `start` to the end of the last consumed token.
    func span(from start: Int) -> Span { Span(file: file, start: start, end: max(start, previousEnd)) }

    /// A zero-width span where the current token starts.
    var here: Span { Span(file: file, start: current.span.start, end: current.span.start) }

    /// The source text of a token.
    /// The source text of a token; a name in backticks (`` `when` ``) without its backticks.
    func text(_ token: Token) -> String {
        var range = token.span.start..<token.span.end
        if token.kind == .identifier, range.count > 2, lexer.buffer[range.lowerBound] == UInt8(ascii: "`") {
            range = range.lowerBound + 1..<range.upperBound - 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: lexer.buffer[range]), as: UTF8.self)
    }

    /// Whether a token is a name written in backticks (never a keyword, wherever it stands).
    func isEscaped(_ token: Token) -> Bool {
        token.kind == .identifier && token.span.end - token.span.start > 2 && lexer.buffer[token.span.start] == UInt8(ascii: "`")
    }

    /// The resolved text of a string segment token.
    func decodedText(_ token: Token) -> String {
        StringLiteralDecoder.decode(lexer.buffer, token.span.start..<token.span.end)
    }

    /// The doc comment right before a token.
    func doc(of token: Token) -> DocComment? {
        token.docCommentIndex >= 0 ? lexer.docComments[Int(token.docCommentIndex)] : nil
    }

    /// How diagnostics name a token: `` `{` ``, "keyword `state`", "end of file".
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier, .invalid: return "`\(text(token))`"
        case .keyword(let k): return "keyword `\(k.rawValue)`"
        case .integer, .decimal: return "number `\(text(token))`"
        case .duration: return "duration `\(text(token))`"
        case .stringStart, .stringSegment, .interpolationStart: return "a string literal"
        case .stringEnd: return "the end of the string"
        case .endOfFile: return "end of file"
        case .interpolationEnd, .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma,
             .semicolon, .colon, .dot, .arrow, .question, .questionQuestion, .equal, .equalEqual, .bangEqual, .less,
             .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang, .ampAmp, .pipePipe,
             .plusEqual, .minusEqual, .starEqual, .slashEqual:
            return "`\(token.kind.fixedText ?? text(token))`"
        }
    }

    /// The span a diagnostic about the current token points at (zero-width at the end of the file).
    var currentSpan: Span { current.span }

    // MARK: Diagnostics

    /// Records an error unless the parser is still recovering from an earlier one; starts recovery.
    /// An error at a token the lexer already reported (stray bytes) is not repeated.
    mutating func error(_ diagnostic: Diagnostic) {
        errorCount += 1
        defer { suppressing = true }
        if suppressing || current.kind == .invalid { return }
        record(diagnostic)
    }

    /// Records an error that does not disturb parsing (the tree around it is still right).
    mutating func softError(_ diagnostic: Diagnostic) {
        if suppressing { return }
        record(diagnostic)
    }

    mutating func record(_ diagnostic: Diagnostic) {
        if diagnostics.count < Lexer.diagnosticLimit {
            diagnostics.append(diagnostic)
        } else {
            droppedDiagnostics += 1
        }
    }

    /// The lexer's and the parser's diagnostics merged in source order, capped with a final note.
    /// A parser error on a line where the lexer found an error is left out: the tokens of that line are unreliable.
    func finishDiagnostics() -> [Diagnostic] {
        let lexicalLines = Set(lexer.diagnostics.compactMap { $0.span.map { lines.line(of: $0.start) } })
        let syntax = lexicalLines.isEmpty ? diagnostics : diagnostics.filter { d in
            guard let span = d.span else { return true }
            return !lexicalLines.contains(lines.line(of: span.start))
        }
        let merged = (lexer.diagnostics + syntax).enumerated().sorted {
            let a = $0.element.span?.start ?? Int.max
            let b = $1.element.span?.start ?? Int.max
            return a != b ? a < b : $0.offset < $1.offset
        }
        var all = merged.map(\.element)
        var more = lexer.droppedDiagnostics + droppedDiagnostics
        let limit = Lexer.diagnosticLimit
        if all.count > limit {
            more += all.count - limit
            all.removeLast(all.count - limit)
        }
        if more > 0 {
            all.append(SyntaxDiagnostics.tooManyErrors(all.last?.span, more: more))
        }
        return all
    }

    // MARK: Expressions ids

    /// A new expression node with the next id of this file.
    mutating func makeExpr(_ kind: Expr.Kind, _ span: Span) -> Expr {
        let id = ExprID(file: file, index: nextExpressionIndex)
        nextExpressionIndex += 1
        return Expr(id: id, kind: kind, span: span)
    }

    /// An `.error` expression at the current token.
    mutating func errorExpr() -> Expr { makeExpr(.error, here) }
}
