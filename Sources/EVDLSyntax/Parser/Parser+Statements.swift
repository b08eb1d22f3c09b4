/// Blocks and statements of `decide`, `apply` and projection `on` handlers.
extension Parser {
    /// block = "{" { statement sep } "}"
    mutating func parseBlock(context: @autoclosure () -> String) -> Block {
        var open = current
        if !at(.leftBrace) {
            let help = at(.equal) ? "`=` assigns; compare with `==`" : nil
            error(SyntaxDiagnostics.expectedToken(currentSpan, expected: "`{`", context: "to open the \(context())", found: describe(current), help: help))
            // A statement on the next line: parse the block as if `{` were there, so that its `}` still matches.
            guard current.precededByNewline, current.kind != .leftBrace, startsStatement(at: position) else {
                return Block(statements: [], span: here)
            }
            open = missingOpenBrace()
        }
        guard enterNesting() else { return Block(statements: [], span: span(from: open.span.start)) }
        defer { leaveNesting() }
        if !open.isMissing { advance() }
        var statements: [Stmt] = []
        _ = parseList(
            open: open, context: context(), kind: .statements,
            startsItem: { p in p.startsStatement(at: p.position) },
            item: { p in if let statement = p.parseStatement() { statements.append(statement) } },
            unexpected: { p in p.error(SyntaxDiagnostics.expectedStatement(p.currentSpan, found: p.describe(p.current))) })
        return Block(statements: statements.trimmedToFit, span: span(from: open.span.start))
    }

    /// Whether the token at `index` starts a statement. `state`, `row`, `command`, `event` and `id` start one only
    /// when they are used as names (`state.total = 0`), not when they start a member (`state {`, `event Placed`).
    func startsStatement(at index: Int) -> Bool {
        let token = tokens[index]
        let next = tokens[min(index + 1, tokens.count - 1)].kind
        if case .keyword(let k) = token.kind {
            // A keyword naming an assigned field (`to = event.to`) starts an assignment, and one naming a changed
            // collection (`to.append(x)`, `step[0] = x`) a mutating call or an assignment: no member starts so.
            if next.assignmentOperator != nil, !k.isReservedInExpressions { return true }
            if !k.isReservedInExpressions, !k.startsDeclaration, continuesAsName(at: index) { return true }
            if k == .require || k == .emit || k == .if || k == .let || k == .delete { return true }
            if k.isExpressionName {
                return next != .leftBrace && next != .identifier && next != .colon
            }
        }
        return token.kind.startsExpression
    }

    /// statement = require | emit | if | let | delete | assignment
    mutating func parseStatement() -> Stmt? {
        let start = current.span.start
        if case .keyword(let k) = current.kind, !k.isExpressionName, startsStatement(at: position),
           !(k == .require || k == .emit || k == .if || k == .let || k == .delete) || peek().kind.assignmentOperator != nil {
            // A keyword used as a field name: `to = …`, `when[k, default: 0] += 1`, `to.append(x)`.
            return parseAssignment()
        }
        if atSwitch {
            return parseSwitch()
        }
        if atCaseLabel {
            return parseCaseOutsideSwitch()
        }
        if eat(.keyword(.require)) != nil {
            // require = "require" expression "else" expression
            let condition = parseExpression()
            guard expect(.keyword(.else), "after the `require` condition", help: "write `require condition else \"message\"`") != nil else {
                return Stmt(kind: .require(condition: condition, message: errorExpr()), span: span(from: start))
            }
            let message = parseExpression()
            return Stmt(kind: .require(condition: condition, message: message), span: span(from: start))
        }
        if eat(.keyword(.emit)) != nil {
            // emit = "emit" messageLiteral
            guard let message = parseMessageLiteral("an event after `emit`") else { return Stmt(kind: .error, span: span(from: start)) }
            return Stmt(kind: .emit(message), span: span(from: start))
        }
        if at(.if) {
            return parseIf()
        }
        if eat(.keyword(.let)) != nil {
            // let = "let" name "=" expression
            guard let name = expectBindingName("a name after `let`") else { return Stmt(kind: .error, span: span(from: start)) }
            var type: TypeExpr?
            if eat(.colon) != nil {
                // `let fee: Decimal = 0.5`
                type = parseType()
            }
            guard expect(.equal, "after `let \(name)`", help: "write `let \(name) = value`") != nil
            else { return Stmt(kind: .error, span: span(from: start)) }
            let value = parseExpression()
            return Stmt(kind: .letBinding(name: name, type: type, value: value), span: span(from: start))
        }
        if eat(.keyword(.delete)) != nil {
            // delete = "delete"
            return Stmt(kind: .delete, span: span(from: start))
        }
        return parseAssignment()
    }

    /// `case .open: …` or `default:` with no `switch` around it: one error for the label, then the statement after it
    /// on the line parses as usual. (Not inlined: statements recurse through nested blocks.)
    @inline(never)
    mutating func parseCaseOutsideSwitch() -> Stmt {
        let label = advance()
        let word = text(label)
        if word == "case" {
            while !at(.colon), !at(.endOfFile), !at(.rightBrace), !current.precededByNewline { advance() }
        }
        _ = eat(.colon)
        error(SyntaxDiagnostics.caseOutsideSwitch(span(from: label.span.start), label: word))
        return Stmt(kind: .error, span: span(from: label.span.start))
    }

    /// if = "if" expression block [ "else" ( block | if ) ]
    /// (Nested blocks count one nesting level each, and so does every link of an `else if` chain.)
    /// ifLet = "if" "let" name "=" expression { "," "let" name "=" expression } block [ "else" ( block | if ) ]
    mutating func parseIf() -> Stmt {
        let keyword = advance()
        var bindings: [OptionalBinding] = []
        var condition: Expr
        if at(.let) {
            while eat(.keyword(.let)) != nil {
                guard let name = expectBindingName("a name after `let`"),
                      expect(.equal, "after `let \(name)`", help: "write `if let \(name) = optionalValue { … }`") != nil
                else { return Stmt(kind: .error, span: span(from: keyword.span.start)) }
                bindings.append(OptionalBinding(name: name, value: parseExpressionBeforeBlock()))
                guard at(.comma), peek().kind == .keyword(.let) else { break }
                advance()
            }
            condition = bindings[0].value
        } else {
            condition = parseExpressionBeforeBlock()
        }
        let then = parseBlock(context: "`if` body")
        var elseBranch: ElseBranch?
        if eat(.keyword(.else)) != nil {
            if at(.if) {
                guard enterNesting() else {
                    return Stmt(kind: .ifElse(condition: condition, then: then, else: nil), span: span(from: keyword.span.start))
                }
                elseBranch = .elseIf(parseIf())
                leaveNesting()
            } else {
                elseBranch = .block(parseBlock(context: "`else` body"))
            }
        }
        if !bindings.isEmpty {
            return Stmt(kind: .ifLet(bindings: bindings.trimmedToFit, then: then, else: elseBranch), span: span(from: keyword.span.start))
        }
        return Stmt(kind: .ifElse(condition: condition, then: then, else: elseBranch), span: span(from: keyword.span.start))
    }

    /// Whether the current token starts a `switch` statement: the contextual word `switch` followed, on the same
    /// line, by its subject (a field named `switch` is still assigned with `switch = …`).
    var atSwitch: Bool {
        guard at(.identifier), !isEscaped(current), text(current) == "switch" else { return false }
        let next = peek()
        // `switch {` (the subject missing) is a `switch` too: nothing else can follow the name `switch` with a `{`.
        return !next.precededByNewline && next.kind.startsExpression && next.kind != .dot && next.kind != .leftBracket
            || (!next.precededByNewline && next.kind.isKeyword && next.kind.assignmentOperator == nil && next.kind != .leftBrace)
            || (!next.precededByNewline && next.kind == .leftBrace)
    }

    /// Whether the current token is a `case` or `default` label of a `switch` body.
    var atCaseLabel: Bool {
        guard at(.identifier), !isEscaped(current) else { return false }
        let word = text(current)
        if word == "default" { return peek().kind == .colon }
        // `case .open:` is a label; `case.total = 1` (no space: a field named `case`) is an assignment.
        let next = peek()
        return word == "case" && next.kind.assignmentOperator == nil && !(next.kind == .dot && next.span.start == current.span.end)
    }

    /// switch = "switch" expression "{" { caseLabel { statement } } "}"
    /// caseLabel = "case" expression { "," expression } ":" | "default" ":"
    /// Statements may follow a label on its line (`case .open: total = 1`).
    mutating func parseSwitch() -> Stmt {
        let keyword = advance()
        let subject = parseExpressionBeforeBlock()
        guard let open = expect(.leftBrace, "to open the `switch` body") else {
            return Stmt(kind: .error, span: span(from: keyword.span.start))
        }
        guard enterNesting() else { return Stmt(kind: .error, span: span(from: keyword.span.start)) }
        defer { leaveNesting() }
        var cases: [SwitchCase] = []
        var patterns: [Expr] = []
        var labelStart: Int?
        var statements: [Stmt] = []
        var reportedStray = false
        func close(_ p: inout Parser) {
            guard let start = labelStart else { return }
            let bodyStart = statements.first?.span.start ?? p.previousEnd
            let bodySpan = Span(file: p.file, start: bodyStart, end: max(bodyStart, p.previousEnd))
            cases.append(SwitchCase(patterns: patterns, body: Block(statements: statements.trimmedToFit, span: bodySpan), span: p.span(from: start)))
            statements = []
            patterns = []
        }
        _ = parseList(
            open: open, context: "`switch` body", kind: .statements,
            startsItem: { p in p.atCaseLabel || p.startsStatement(at: p.position) },
            item: { p in
                if p.atCaseLabel {
                    close(&p)
                    let label = p.advance()
                    let word = p.text(label)
                    labelStart = label.span.start
                    if word == "case" {
                        repeat {
                            patterns.append(p.parseExpression())
                        } while p.eat(.comma) != nil
                    }
                    guard p.expect(.colon, "after the `\(word)` label", help: "write `case .value:`") != nil else { return }
                    if !p.current.precededByNewline, !p.at(.rightBrace), !p.at(.semicolon), p.startsStatement(at: p.position),
                       let statement = p.parseStatement() {
                        statements.append(statement)
                    }
                    return
                }
                guard let statement = p.parseStatement() else { return }
                if labelStart == nil {
                    if !reportedStray { p.softError(SyntaxDiagnostics.statementBeforeCase(statement.span)) }
                    reportedStray = true
                    return
                }
                statements.append(statement)
            },
            unexpected: { p in p.error(SyntaxDiagnostics.expectedStatement(p.currentSpan, found: p.describe(p.current))) })
        close(&self)
        return Stmt(kind: .switchStmt(subject: subject, cases: cases.trimmedToFit), span: span(from: keyword.span.start))
    }

    /// assignment = postfixExpression ( "=" | "+=" | "-=" | "*=" | "/=" ) expression
    mutating func parseAssignment() -> Stmt {
        let target = parseExpression()
        guard let op = current.kind.assignmentOperator else {
            if case .call = target.kind {
                // `items.append(line)`: the checker accepts only mutating calls here.
                return Stmt(kind: .call(target), span: span(from: target.span.start))
            }
            if target.kind != .error {
                error(SyntaxDiagnostics.expressionNotStatement(target.span))
            }
            return Stmt(kind: .error, span: span(from: target.span.start))
        }
        if !isAssignable(target) {
            softError(SyntaxDiagnostics.invalidAssignmentTarget(target.span))
        }
        advance()
        let value = parseExpression()
        return Stmt(kind: .assign(target: target, op: op, value: value), span: span(from: target.span.start))
    }

    /// Names, member chains and subscripts can be assigned to.
    func isAssignable(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .name, .member, .subscripted, .subscriptDefault, .error: true
        case .integer, .decimal, .string, .bool, .nilLiteral, .implicitMember, .call, .unary, .binary, .array,
             .dictionary, .parenthesized, .duration, .optionalMember, .closure, .conditional:
            false
        }
    }
}
