/// Closures, the places where a `{` after an expression opens a block, and the names (bound names, keywords used
/// as names) that expressions and statements share.
extension Parser {
    /// closure = "{" [ name "in" ] expression "}"
    /// The body is one expression: closures stay pure, as `decide` and `apply` do. A closure counts two nesting levels:
    /// its parse takes more stack per level than a parenthesis, and no real spec nests closures a hundred deep.
    mutating func parseClosure() -> Expr {
        let open = current
        guard enterNesting() else { return makeExpr(.error, span(from: open.span.start)) }
        guard enterNesting() else {
            leaveNesting()
            return makeExpr(.error, span(from: open.span.start))
        }
        advance()
        let saved = enterGroup()
        let parameter = parseClosureParameter()
        let body: Expr
        if at(.rightBrace) {
            error(SyntaxDiagnostics.expectedExpression(currentSpan, found: describe(current)))
            body = errorExpr()
        } else {
            body = parseExpression()
        }
        expectCloser(.rightBrace, context: "the closure", open: open)
        leaveGroup(saved)
        leaveNesting()
        leaveNesting()
        return makeExpr(.closure(parameter: parameter, body: body), span(from: open.span.start))
    }

    /// `name in` at the start of a closure, consumed; `nil` when the closure uses `$0`.
    @inline(never)
    mutating func parseClosureParameter() -> Identifier? {
        guard peek().kind == .identifier, text(peek()) == "in", !isEscaped(peek()), startsBindingName else { return nil }
        let token = advance()
        advance()
        return Identifier(text(token), span: token.span)
    }

    /// Parses an expression after which a block follows (`if` conditions, `switch` subjects, a handler's `for`,
    /// `key` and `where`): there a `{` on the same line opens the block, as in Swift. Inside brackets, parentheses
    /// and closures trailing closures are allowed again.
    mutating func parseExpressionBeforeBlock() -> Expr {
        let saved = trailingClosuresAllowed
        trailingClosuresAllowed = false
        defer { trailingClosuresAllowed = saved }
        return parseExpression()
    }

    /// Enters a bracketed group, where a `{` can only be a closure; returns the state to restore.
    mutating func enterGroup() -> Bool {
        let saved = trailingClosuresAllowed
        trailingClosuresAllowed = true
        return saved
    }

    /// Leaves a group entered with ``enterGroup()``.
    mutating func leaveGroup(_ saved: Bool) { trailingClosuresAllowed = saved }

    /// Whether the current token can be a name that a construct binds (`let`, `as`, `for`, a closure parameter):
    /// an identifier, or a keyword other than `true`, `false` and `nil`.
    var startsBindingName: Bool {
        switch current.kind {
        case .identifier: return true
        case .keyword(let k): return k != .true && k != .false && k != .nil
        case .integer, .decimal, .duration, .dot, .stringStart, .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd, .leftBrace,
             .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .semicolon, .colon, .arrow, .question,
             .questionQuestion, .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus,
             .star, .slash, .percent, .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid,
             .endOfFile: return false
        }
    }

    /// Consumes a bound name (an identifier or a keyword that is not a literal), or reports "expected `what`".
    mutating func expectBindingName(_ what: @autoclosure () -> String) -> Identifier? {
        if startsBindingName {
            let token = advance()
            return Identifier(text(token), span: token.span)
        }
        return expectName(what())
    }
}

extension Token {
    /// Whether this token cannot continue an expression: it starts a new line, or closes or separates (`)`, `,`, …).
    var endsExpression: Bool {
        if precededByNewline { return true }
        switch kind {
        case .rightParen, .rightBracket, .rightBrace, .comma, .semicolon, .endOfFile, .interpolationEnd: return true
        case .integer, .decimal, .duration, .identifier, .keyword, .dot, .stringStart, .stringSegment, .interpolationStart,
             .stringEnd, .leftBrace, .leftParen, .leftBracket, .colon, .arrow, .question, .questionQuestion, .equal,
             .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent,
             .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid:
            return false
        }
    }
}

extension Parser {
    /// Whether the token at `index` is followed, on its line, by `.member` (no space before the `.`) or `[`: then
    /// a keyword there is a name (`step.append(x)`, `key[k] = 1`), since no member or statement keyword goes on so.
    func continuesAsName(at index: Int) -> Bool {
        let token = tokens[index]
        let next = tokens[min(index + 1, tokens.count - 1)]
        guard !next.precededByNewline else { return false }
        return next.kind == .leftBracket || (next.kind == .dot && next.span.start == token.span.end)
    }
}
