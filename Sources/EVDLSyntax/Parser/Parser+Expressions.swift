/// Expressions by precedence climbing (loosest to tightest):
/// `??` (right) < `||` < `&&` < comparisons (non-associative) < `+ -` < `* / %` < prefix `! -` < postfix < primary.
extension Parser {
    /// expression = binary expression at the loosest precedence.
    /// (Nesting is counted where the recursion happens: brackets, calls, subscripts, prefix operators, `??`.)
    mutating func parseExpression() -> Expr {
        parseBinary(minimumPrecedence: 1)
    }

    /// Operands joined by infix operators whose precedence is at least `minimumPrecedence`.
    /// An infix operator at the start of a line continues the expression.
    mutating func parseBinary(minimumPrecedence: Int) -> Expr {
        var left = parseUnary()
        var previousComparison: Token?
        var chain = 0
        while let op = current.kind.binaryOperator, op.precedence >= minimumPrecedence {
            let opToken = advance()
            if op.isNonAssociative {
                if let previous = previousComparison {
                    softError(SyntaxDiagnostics.chainedComparison(opToken.span, first: text(previous), second: text(opToken)))
                }
                previousComparison = opToken
            }
            let right: Expr
            if op.isRightAssociative {
                guard enterNesting() else { return left }
                right = parseBinary(minimumPrecedence: op.precedence)
                leaveNesting()
            } else {
                right = parseBinary(minimumPrecedence: op.precedence + 1)
            }
            left = makeExpr(.binary(op, left, right), left.span.to(right.span))
            chain += 1
            if depth + chain > Parser.nestingLimit {
                reportChainTooLong()
                return left
            }
        }
        return left
    }

    /// A chain of operators or postfixes so long that its tree would nest past the limit.
    mutating func reportChainTooLong() {
        if !reportedNesting {
            reportedNesting = true
            suppressing = false
            error(SyntaxDiagnostics.nestingTooDeep(currentSpan, limit: Parser.nestingLimit))
        }
        suppressing = true
    }

    /// unary = ( "!" | "-" ) unary | postfix
    mutating func parseUnary() -> Expr {
        let op: UnaryOperator
        if at(.bang) {
            op = .not
        } else if at(.minus) {
            op = .negate
        } else {
            return parsePostfix()
        }
        let opToken = current
        guard enterNesting() else { return makeExpr(.error, span(from: opToken.span.start)) }
        defer { leaveNesting() }
        advance()
        let operand = parseUnary()
        return makeExpr(.unary(op, operand), opToken.span.to(operand.span))
    }

    /// postfix = primary { "." memberName | "(" arguments ")" | "[" expression "]" }
    /// A `(` or `[` that starts a new line does not continue the expression.
    mutating func parsePostfix() -> Expr {
        var expr = parsePrimary()
        var chain = 0
        while true {
            if at(.dot) {
                advance()
                guard let member = expectMemberName("a member name after `.`") else { return expr }
                expr = makeExpr(.member(base: expr, member: member), expr.span.to(member.span))
            } else if at(.leftParen), !current.precededByNewline {
                guard enterNesting() else { return expr }
                let open = advance()
                let arguments = parseCallArguments(open: open)
                leaveNesting()
                expr = makeExpr(.call(callee: expr, arguments: arguments), span(from: expr.span.start))
            } else if at(.leftBracket), !current.precededByNewline {
                guard enterNesting() else { return expr }
                let open = advance()
                let index = parseExpression()
                expectCloser(.rightBracket, context: "the subscript", open: open)
                leaveNesting()
                expr = makeExpr(.subscripted(base: expr, index: index), span(from: expr.span.start))
            } else {
                return expr
            }
            chain += 1
            if depth + chain > Parser.nestingLimit {
                reportChainTooLong()
                return expr
            }
        }
    }

    /// arguments = [ argument { "," argument } [ "," ] ] ;  argument = [ label ":" ] expression
    mutating func parseCallArguments(open: Token) -> [CallArgument] {
        var arguments: [CallArgument] = []
        while !at(.rightParen) {
            var label: Identifier?
            if peek().kind == .colon, at(.identifier) || current.kind.isKeyword {
                let token = advance()
                label = Identifier(text(token), span: token.span)
                advance()
            }
            let value = parseExpression()
            arguments.append(CallArgument(label: label, value: value))
            if eat(.comma) == nil { break }
        }
        expectCloser(.rightParen, context: "the argument list", open: open)
        return arguments.trimmedToFit
    }

    /// primary = INTEGER | DECIMAL | string | "true" | "false" | "nil" | name | "." memberName
    ///         | "(" expression ")" | arrayLiteral | dictionaryLiteral
    mutating func parsePrimary() -> Expr {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            return makeExpr(.integer(text(token)), token.span)
        case .decimal:
            advance()
            return makeExpr(.decimal(text(token)), token.span)
        case .stringStart:
            return parseStringExpression()
        case .identifier:
            advance()
            return makeExpr(.name(Identifier(text(token), span: token.span)), token.span)
        case .keyword(let k):
            if k == .true || k == .false {
                advance()
                return makeExpr(.bool(k == .true), token.span)
            }
            if k == .nil {
                advance()
                return makeExpr(.nilLiteral, token.span)
            }
            if k.isExpressionName {
                advance()
                return makeExpr(.name(Identifier(text(token), span: token.span)), token.span)
            }
        case .dot:
            advance()
            guard let member = expectMemberName("an enum case after `.`") else { return makeExpr(.error, token.span) }
            return makeExpr(.implicitMember(member), token.span.to(member.span))
        case .leftParen:
            guard enterNesting() else { return makeExpr(.error, span(from: token.span.start)) }
            defer { leaveNesting() }
            advance()
            let inner = parseExpression()
            expectCloser(.rightParen, context: "the parenthesized expression", open: token)
            return makeExpr(.parenthesized(inner), span(from: token.span.start))
        case .leftBracket:
            guard enterNesting() else { return makeExpr(.error, span(from: token.span.start)) }
            defer { leaveNesting() }
            return parseCollectionLiteral()
        case .duration, .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd, .leftBrace,
             .rightBrace, .rightParen, .rightBracket, .comma, .semicolon, .colon, .arrow, .question, .questionQuestion,
             .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash,
             .percent, .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid,
             .endOfFile:
            break
        }
        error(SyntaxDiagnostics.expectedExpression(currentSpan, found: describe(current)))
        return errorExpr()
    }

    /// arrayLiteral = "[" [ expression { "," expression } [ "," ] ] "]"
    /// dictionaryLiteral = "[" ":" "]" | "[" entry { "," entry } [ "," ] "]" ;  entry = expression ":" expression
    mutating func parseCollectionLiteral() -> Expr {
        let open = advance()
        if eat(.rightBracket) != nil {
            return makeExpr(.array([]), span(from: open.span.start))
        }
        if at(.colon), peek().kind == .rightBracket {
            advance()
            advance()
            return makeExpr(.dictionary([]), span(from: open.span.start))
        }
        let first = parseExpression()
        if eat(.colon) != nil {
            var entries = [DictionaryEntry(key: first, value: parseExpression())]
            while eat(.comma) != nil, !at(.rightBracket) {
                let key = parseExpression()
                guard expect(.colon, "after a dictionary key") != nil else { break }
                entries.append(DictionaryEntry(key: key, value: parseExpression()))
            }
            expectCloser(.rightBracket, context: "the dictionary literal", open: open)
            return makeExpr(.dictionary(entries.trimmedToFit), span(from: open.span.start))
        }
        var elements = [first]
        while eat(.comma) != nil, !at(.rightBracket) {
            elements.append(parseExpression())
        }
        expectCloser(.rightBracket, context: "the array literal", open: open)
        return makeExpr(.array(elements.trimmedToFit), span(from: open.span.start))
    }

    /// string = '"' { TEXT | "\(" expression ")" } '"'
    mutating func parseStringExpression() -> Expr {
        let open = advance()
        var segments: [StringSegment] = []
        while true {
            if at(.stringSegment) {
                let token = advance()
                segments.append(.text(decodedText(token)))
            } else if at(.interpolationStart) {
                let interpolation = current
                guard enterNesting() else { continue }
                advance()
                let inner = parseExpression()
                leaveNesting()
                if !at(.interpolationEnd) {
                    error(SyntaxDiagnostics.unclosedDelimiter(currentSpan, closer: ")", context: "the interpolation", opener: interpolation.span, found: describe(current)))
                    var nesting = 0
                    while !at(.endOfFile), !(nesting == 0 && at(.interpolationEnd)) {
                        nesting = max(0, nesting + current.kind.nestingChange)
                        advance()
                    }
                }
                _ = eat(.interpolationEnd)
                segments.append(.interpolation(inner))
            } else {
                _ = eat(.stringEnd)
                break
            }
        }
        return makeExpr(.string(segments.trimmedToFit), span(from: open.span.start))
    }
}
