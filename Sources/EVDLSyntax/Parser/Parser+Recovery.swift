/// Lists of items between braces, re-synchronisation after errors, and the nesting limit.
///
/// Recovery rules (also in `Grammar/Reference.md`):
/// - After an error the parser stops reporting until it re-synchronises.
/// - Inside a braced list it skips (keeping brackets balanced) to the next item boundary: a separator, a token that
///   starts a new line, or the list's `}`; there it re-synchronises.
/// - A declaration keyword at the start of a line always ends every open list (its `}` is reported missing), and a
///   member keyword at the start of a line ends an open statement, field or argument list.
/// - At the top level it skips to the next declaration keyword that starts a line.
/// - Every recovery consumes at least one token, so the parser always terminates.
extension Parser {
    /// What a braced list holds; decides its separators and which keywords end it.
    enum ListKind {
        /// Fields of a type, state, row, input, command, event or result (`,` also separates).
        case fields
        /// `label: value` arguments of a message literal (`,` also separates).
        case arguments
        /// Enum cases (`,` also separates).
        case cases
        /// Statements of a block.
        case statements
        /// Members of a top-level declaration's body.
        case members
        /// Clauses of a body nested in another body (saga step, `on failure`).
        case nestedMembers

        var allowsComma: Bool {
            switch self {
            case .fields, .arguments, .cases: true
            case .statements, .members, .nestedMembers: false
            }
        }

        var itemsName: String {
            switch self {
            case .fields: "fields"
            case .arguments: "fields"
            case .cases: "cases"
            case .statements: "statements"
            case .members, .nestedMembers: "members"
            }
        }

        var separatorsName: String { allowsComma ? "`,` or `;`" : "`;`" }
    }

    /// Parses items up to the `}` that closes `open`, and returns the offset where the list ended.
    ///
    /// `startsItem` says whether the current token starts an item; `item` parses one (it may stop early after an
    /// error); `unexpected` reports a token that starts no item.
    mutating func parseList(
        open: Token, context: @autoclosure () -> String, kind: ListKind,
        startsItem: (Parser) -> Bool, item: (inout Parser) -> Void, unexpected: (inout Parser) -> Void
    ) -> Int {
        while true {
            while at(.semicolon) || (kind.allowsComma && at(.comma)) { advance() }
            if let close = eat(.rightBrace) { return close.span.end }
            if at(.endOfFile) || endsEnclosingList(kind) {
                error(SyntaxDiagnostics.unclosedDelimiter(currentSpan, closer: "}", context: context(), opener: open.span, found: describe(current)))
                return current.span.start
            }
            if startsItem(self) {
                suppressing = false
                let before = position
                item(&self)
                if position == before {
                    recoverInList(kind)
                    continue
                }
                if at(.rightBrace) || at(.semicolon) || (kind.allowsComma && at(.comma)) || at(.endOfFile)
                    || current.precededByNewline {
                    continue
                }
                error(SyntaxDiagnostics.missingSeparator(currentSpan, items: kind.itemsName, separators: kind.separatorsName))
                recoverInList(kind)
            } else {
                unexpected(&self)
                recoverInList(kind)
            }
        }
    }

    /// Whether the current token, at the start of a line, belongs to an enclosing construct.
    func endsEnclosingList(_ kind: ListKind) -> Bool {
        guard current.precededByNewline else { return false }
        if kind == .arguments, current.kind == .identifier {
            // `Order.OrderShipped {` on a new line is the next message literal, not a field of this one.
            return peek().kind == .dot || peek().kind == .leftBrace
        }
        guard case .keyword(let k) = current.kind else { return false }
        if isDeclarationStart(at: position) { return true }
        switch kind {
        case .members: return false
        case .cases: return false
        case .fields: return k.startsMember && peek().kind != .colon
        // A keyword alone on its line in a message literal is a shorthand field (`step`, `when`): no member starts so.
        case .arguments: return k.startsMember && peek().kind != .colon && !atKeywordShorthand
        case .statements: return k.startsMember && !startsStatement(at: position)
        case .nestedMembers: return k.startsMember && !isStepClauseKeyword(k)
        }
    }

    /// Whether a keyword starts a clause of a nested body (saga steps and `on failure`).
    func isStepClauseKeyword(_ k: Keyword) -> Bool {
        k == .invoke || k == .compensate || k == .retry || k == .timeout
    }

    /// Whether the token at `index` is a declaration keyword starting a line (and not a field named like one).
    func isDeclarationStart(at index: Int) -> Bool {
        let token = tokens[index]
        guard token.precededByNewline, case .keyword(let k) = token.kind, k.startsDeclaration else { return false }
        let next = tokens[min(index + 1, tokens.count - 1)]
        return next.kind != .colon
    }

    /// Skips to the next item boundary of a list, consuming at least one token and keeping brackets balanced.
    mutating func recoverInList(_ kind: ListKind) {
        var nesting = 0
        var first = true
        while !at(.endOfFile) {
            if !first {
                if isDeclarationStart(at: position) { return }
                if nesting == 0 {
                    if at(.rightBrace) || at(.semicolon) || (kind.allowsComma && at(.comma)) || current.precededByNewline {
                        return
                    }
                }
            }
            let change = current.kind.nestingChange
            if change > 0 {
                nesting += 1
            } else if change < 0 {
                if nesting == 0, !first, at(.rightBrace) { return }
                nesting = max(0, nesting - 1)
            }
            advance()
            first = false
        }
    }

    /// Skips to the next declaration keyword that starts a line (consuming at least one token).
    mutating func skipToDeclaration() {
        advance()
        while !at(.endOfFile), !isDeclarationStart(at: position) { advance() }
    }

    /// Skips the current token, and everything up to its matching closer when it opens a group.
    mutating func skipGroup() {
        var nesting = 0
        repeat {
            let change = current.kind.nestingChange
            nesting += change
            advance()
            if nesting < 0 { nesting = 0 }
        } while nesting > 0 && !at(.endOfFile)
    }

    // MARK: Nesting

    /// Enters one level of nesting. Past the limit it reports once, skips the group at the cursor and returns `false`.
    mutating func enterNesting() -> Bool {
        if depth >= Parser.nestingLimit {
            if !reportedNesting {
                reportedNesting = true
                let diagnostic = SyntaxDiagnostics.nestingTooDeep(currentSpan, limit: Parser.nestingLimit)
                suppressing = false
                error(diagnostic)
            }
            suppressing = true
            if !at(.endOfFile) { skipGroup() }
            return false
        }
        depth += 1
        return true
    }

    /// Leaves a level entered with ``enterNesting()``.
    mutating func leaveNesting() { depth -= 1 }

    // MARK: Expectations

    /// Consumes a token of `kind`, or reports "expected … context, found …".
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ context: @autoclosure () -> String, help: @autoclosure () -> String? = nil) -> Token? {
        if at(kind) { return advance() }
        error(SyntaxDiagnostics.expectedToken(currentSpan, expected: "`\(kind.fixedText ?? "?")`", context: context(), found: describe(current), help: help()))
        return nil
    }

    /// Consumes the closer of a group, or reports that the group opened at `open` is not closed.
    @discardableResult
    /// After the error it skips, brackets balanced, to the closer and consumes it — unless the closer of an
    /// enclosing group, a declaration keyword starting a line, or the end of the file comes first.
    mutating func expectCloser(_ kind: TokenKind, context: @autoclosure () -> String, open: Token) -> Token? {
        if at(kind) { return advance() }
        error(SyntaxDiagnostics.unclosedDelimiter(currentSpan, closer: kind.fixedText ?? "?", context: context(), opener: open.span, found: describe(current)))
        var nesting = 0
        while !at(.endOfFile), !isDeclarationStart(at: position) {
            if nesting == 0 {
                if at(kind) { return advance() }
                if current.kind.nestingChange < 0 { return nil }  // closes an enclosing group
            }
            nesting = max(0, nesting + current.kind.nestingChange)
            advance()
        }
        return nil
    }

    /// Consumes an identifier as a declaration name, or reports "expected `what`".
    mutating func expectName(_ what: @autoclosure () -> String) -> Identifier? {
        if at(.identifier) {
            let token = advance()
            return Identifier(text(token), span: token.span)
        }
        var keyword: String?
        if case .keyword(let k) = current.kind { keyword = k.rawValue }
        error(SyntaxDiagnostics.expectedName(currentSpan, what: what(), found: describe(current), foundKeyword: keyword))
        return nil
    }

    /// Consumes an identifier or any keyword (member names after `.`, labels, field names).
    mutating func expectMemberName(_ what: @autoclosure () -> String) -> Identifier? {
        switch current.kind {
        case .identifier, .keyword:
            let token = advance()
            return Identifier(text(token), span: token.span)
        case .integer, .decimal, .duration, .stringStart, .stringSegment, .interpolationStart, .interpolationEnd,
             .stringEnd, .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma,
             .semicolon, .colon, .dot, .arrow, .question, .questionQuestion, .equal, .equalEqual, .bangEqual, .less,
             .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang, .ampAmp, .pipePipe,
             .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile:
            error(SyntaxDiagnostics.expectedName(currentSpan, what: what(), found: describe(current), foundKeyword: nil))
            return nil
        }
    }
}
