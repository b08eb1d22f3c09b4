/// Expressions by precedence climbing (loosest to tightest):
/// `??` (right) < `||` < `&&` < comparisons (non-associative) < `+ -` < `* / %` < prefix `! -` < postfix < primary.
extension Parser {
    /// expression = coalesce [ "?" expression ":" expression ]
    /// (Nesting is counted where the recursion happens: brackets, calls, subscripts, prefix operators, `??`, `?:`.)
    mutating func parseExpression() -> Expr {
        let condition = parseBinary(minimumPrecedence: 1)
        guard at(.question), !(peek().kind == .dot && peek().span.start == current.span.end && current.span.start == previousEnd) else {
            return condition
        }
        return parseConditional(condition)
    }

    /// `condition ? then : otherwise`, right-associative (`a ? b : c ? d : e` is `a ? b : (c ? d : e)`).
    @inline(never)
    mutating func parseConditional(_ condition: Expr) -> Expr {
        guard enterNesting() else { return condition }
        advance()
        let then = parseExpression()
        guard expect(.colon, "after the value of `?`", help: "write `condition ? value : otherValue`") != nil else {
            leaveNesting()
            return makeExpr(.conditional(condition: condition, then: then, otherwise: errorExpr()), span(from: condition.span.start))
        }
        let otherwise = parseExpression()
        leaveNesting()
        return makeExpr(.conditional(condition: condition, then: then, otherwise: otherwise), condition.span.to(otherwise.span))
    }

    /// Operands joined by infix operators whose precedence is at least `minimumPrecedence`.
    /// An infix operator at the start of a line continues the expression.
    mutating func parseBinary(minimumPrecedence: Int) -> Expr {
        var left = parseUnary()
        var previousComparison: Token?
        var chain = 0
        while let op = current.kind.binaryOperator, op.precedence >= minimumPrecedence {
            let opToken = advance()
            if op == .remainder, at(.equal), current.span.start == opToken.span.end { return remainderAssignment(opToken) }
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

    /// `count %= 2`: Swift has it, EVDL does not (only `=`, `+=`, `-=`, `*=`, `/=`). (Not inlined: `parseBinary`
    /// recurses.)
    @inline(never)
    mutating func remainderAssignment(_ opToken: Token) -> Expr {
        error(SyntaxDiagnostics.expectedExpression(opToken.span.to(currentSpan), found: "`%=`", help: "there is no `%=`: write `x = x % y`"))
        return errorExpr()
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

    /// postfix = primary { "." memberName | "?." memberName | "(" arguments ")" [ closure ] | closure
    ///                   | "[" expression [ "," "default" ":" expression ] "]" }
    /// A `(` or `[` that starts a new line does not continue the expression; neither does a `{` (a trailing
    /// closure must start on the line of its call), nor any `{` where a block follows the expression (see
    /// ``trailingClosuresAllowed``).
    mutating func parsePostfix() -> Expr {
        var expr = parsePrimary()
        var chain = 0
        while parsePostfixSuffix(&expr) {
            chain += 1
            if depth + chain > Parser.nestingLimit {
                reportChainTooLong()
                return expr
            }
        }
        return expr
    }

    /// Parses one postfix after `expr` into `expr`; `false` when none follows (or after an error).
    @inline(never)
    mutating func parsePostfixSuffix(_ expr: inout Expr) -> Bool {
        if at(.dot) {
            advance()
            guard let member = expectMemberName("a member name after `.`") else { return false }
            expr = makeExpr(.member(base: expr, member: member), expr.span.to(member.span))
        } else if at(.question), peek().kind == .dot, current.span.start == previousEnd, peek().span.start == current.span.end {
            advance()
            advance()
            guard let member = expectMemberName("a member name after `?.`") else { return false }
            expr = makeExpr(.optionalMember(base: expr, member: member), expr.span.to(member.span))
        } else if at(.question), current.span.start == previousEnd, !current.precededByNewline, atStrayQuestion {
            parseStrayQuestion(&expr)
        } else if at(.bang), !current.precededByNewline, current.span.start == previousEnd {
            // `x!`: a force unwrap would trap on stored data; say what to write instead, keep the operand.
            let bang = advance()
            softError(SyntaxDiagnostics.forceUnwrap(bang.span, operand: expr.span))
        } else if at(.leftParen), !current.precededByNewline {
            guard enterNesting() else { return false }
            let open = advance()
            var arguments = parseCallArguments(open: open)
            leaveNesting()
            if trailingClosuresAllowed, at(.leftBrace), !current.precededByNewline {
                arguments.append(CallArgument(label: nil, value: parseClosure()))
            }
            expr = makeExpr(.call(callee: expr, arguments: arguments), span(from: expr.span.start))
        } else if trailingClosuresAllowed, at(.leftBrace), !current.precededByNewline {
            // `items.filter { $0.quantity > 0 }`: a call whose only argument is a trailing closure.
            let closure = parseClosure()
            expr = makeExpr(.call(callee: expr, arguments: [CallArgument(label: nil, value: closure)]), span(from: expr.span.start))
        } else if at(.leftBracket), !current.precededByNewline {
            guard enterNesting() else { return false }
            let open = advance()
            let saved = enterGroup()
            let index = parseExpression()
            var fallback: Expr?
            if at(.comma), peek().kind == .identifier, text(peek()) == "default", peek(2).kind == .colon {
                // `counts[tag, default: 0]`
                advance()
                advance()
                advance()
                fallback = parseExpression()
            }
            expectCloser(.rightBracket, context: "the subscript", open: open)
            leaveGroup(saved)
            leaveNesting()
            if let fallback {
                expr = makeExpr(.subscriptDefault(base: expr, key: index, defaultValue: fallback), span(from: expr.span.start))
            } else {
                expr = makeExpr(.subscripted(base: expr, index: index), span(from: expr.span.start))
            }
        } else {
            return false
        }
        return true
    }

    /// Whether the `?` right after a value starts neither `?.member` nor a conditional: Swift's `items?[0]` and
    /// `f?(x)`, or a `?` with nothing after it.
    var atStrayQuestion: Bool {
        let next = peek()
        return (next.kind == .leftBracket || next.kind == .leftParen) && next.span.start == current.span.end || next.endsExpression
    }

    /// Reports a stray `?` (see ``atStrayQuestion``) once. Before `[` or `(` the value becomes an error, so that the
    /// subscript or call the postfix loop reads next adds no error of its own (and nothing recurses here: the loop
    /// reads it as it reads any postfix).
    /// (A function of its own, so that the frame of ``parsePostfixSuffix(_:)``, which recurses, stays small.)
    @inline(never)
    mutating func parseStrayQuestion(_ expr: inout Expr) {
        let question = advance()
        guard at(.leftBracket) || at(.leftParen), current.span.start == question.span.end else {
            softError(SyntaxDiagnostics.strayQuestion(question.span))
            return
        }
        softError(SyntaxDiagnostics.optionalSubscriptOrCall(question.span.to(currentSpan), opener: at(.leftBracket) ? "[" : "("))
        expr = makeExpr(.error, span(from: expr.span.start))
    }

    /// arguments = [ argument { "," argument } [ "," ] ] ;  argument = [ label ":" ] expression
    mutating func parseCallArguments(open: Token) -> [CallArgument] {
        let saved = enterGroup()
        defer { leaveGroup(saved) }
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

    /// primary = INTEGER | DECIMAL | DURATION | string | "true" | "false" | "nil" | name | "." memberName
    ///         | "(" expression ")" | arrayLiteral | dictionaryLiteral | closure
    ///
    /// Each shape is parsed by a function of its own that is never inlined: primaries recurse (parentheses, brackets,
    /// interpolations, closures), and a small frame here keeps 256 levels of nesting well within a thread's stack.
    mutating func parsePrimary() -> Expr {
        switch current.kind {
        case .integer, .decimal, .identifier, .duration, .dot:
            return parseSimplePrimary()
        case .keyword:
            if let name = parseKeywordPrimary() { return name }
        case .stringStart:
            return parseStringExpression()
        case .leftBrace:
            if !trailingClosuresAllowed { return missingValueBeforeBlock() }
            return parseClosure()
        case .leftParen:
            return parseParenthesized()
        case .leftBracket:
            return parseBracketedPrimary()
        case .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd,
             .rightBrace, .rightParen, .rightBracket, .comma, .semicolon, .colon, .arrow, .question, .questionQuestion,
             .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash,
             .percent, .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid,
             .endOfFile:
            break
        }
        error(SyntaxDiagnostics.expectedExpression(currentSpan, found: describe(current)))
        return errorExpr()
    }


    /// `if {`, `if x > {`, `switch {`: the block follows where a value is missing. The `{` is left to open the block,
    /// so that one missing value is one error and the block still parses. (Not inlined: `parsePrimary` recurses.)
    @inline(never)
    mutating func missingValueBeforeBlock() -> Expr {
        error(SyntaxDiagnostics.expectedExpression(currentSpan, found: describe(current), help: "the value is missing before the block"))
        return errorExpr()
    }

    /// A number, a name, a duration or `.case`.
    @inline(never)
    mutating func parseSimplePrimary() -> Expr {
        let token = advance()
        switch token.kind {
        case .integer:
            return makeExpr(.integer(text(token)), token.span)
        case .decimal:
            return makeExpr(.decimal(text(token)), token.span)
        case .duration:
            guard let literal = durationLiteral(token, "a duration") else { return makeExpr(.error, token.span) }
            return makeExpr(.duration(literal), token.span)
        case .dot:
            guard let member = expectMemberName("an enum case after `.`") else { return makeExpr(.error, token.span) }
            return makeExpr(.implicitMember(member), token.span.to(member.span))
        case .identifier, .keyword, .stringStart, .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd, .leftBrace,
             .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .semicolon, .colon, .arrow, .question,
             .questionQuestion, .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus,
             .star, .slash, .percent, .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid,
             .endOfFile:
            // (Only an identifier reaches here: `parsePrimary` dispatches the other kinds elsewhere.)
            return makeExpr(.name(Identifier(text(token), span: token.span)), token.span)
        }
    }

    /// `true`, `false`, `nil`, and a keyword used as a name; `nil` (nothing consumed) for a keyword that keeps its
    /// meaning here.
    @inline(never)
    mutating func parseKeywordPrimary() -> Expr? {
        let token = current
        guard case .keyword(let k) = token.kind else { return nil }
        if k == .true || k == .false {
            advance()
            return makeExpr(.bool(k == .true), token.span)
        }
        if k == .nil {
            advance()
            return makeExpr(.nilLiteral, token.span)
        }
        // A keyword followed by `=`, `+=`, … is an assigned field (`step += 1`, `when = event.at`), never a member.
        // So is one followed by `.member` or `[` (`step.append(x)`, `key[k] = 1`).
        let startsSomethingElse = token.precededByNewline && peek().kind.assignmentOperator == nil
            && !(continuesAsName(at: position) && !k.startsDeclaration)
            && (k.startsMember || k.startsDeclaration || k == .require || k == .emit || k == .delete)
        guard k.isExpressionName || (!k.isReservedInExpressions && !startsSomethingElse) else { return nil }
        // Context names (`event`, `state`, …), and every other keyword that cannot start anything else here: an enum
        // case `rejected`, a field `to`, a saga input `when`.
        advance()
        return makeExpr(.name(Identifier(text(token), span: token.span)), token.span)
    }

    /// `( expression )`.
    @inline(never)
    mutating func parseParenthesized() -> Expr {
        let token = current
        guard enterNesting() else { return makeExpr(.error, span(from: token.span.start)) }
        advance()
        let saved = enterGroup()
        let inner = parseExpression()
        leaveGroup(saved)
        expectCloser(.rightParen, context: "the parenthesized expression", open: token)
        leaveNesting()
        return makeExpr(.parenthesized(inner), span(from: token.span.start))
    }

    /// An array or dictionary literal.
    @inline(never)
    mutating func parseBracketedPrimary() -> Expr {
        guard enterNesting() else { return makeExpr(.error, span(from: current.span.start)) }
        let saved = enterGroup()
        let literal = parseCollectionLiteral()
        leaveGroup(saved)
        leaveNesting()
        return literal
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
                let saved = enterGroup()
                let inner = parseExpression()
                leaveGroup(saved)
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
