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
            // let = "let" IDENT "=" expression
            guard let name = expectName("a name after `let`"),
                  expect(.equal, "after `let \(name)`", help: "write `let \(name) = value`") != nil
            else { return Stmt(kind: .error, span: span(from: start)) }
            let value = parseExpression()
            return Stmt(kind: .letBinding(name: name, value: value), span: span(from: start))
        }
        if eat(.keyword(.delete)) != nil {
            // delete = "delete"
            return Stmt(kind: .delete, span: span(from: start))
        }
        return parseAssignment()
    }

    /// if = "if" expression block [ "else" ( block | if ) ]
    /// (Nested blocks count one nesting level each, and so does every link of an `else if` chain.)
    mutating func parseIf() -> Stmt {
        let keyword = advance()
        let condition = parseExpression()
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
        return Stmt(kind: .ifElse(condition: condition, then: then, else: elseBranch), span: span(from: keyword.span.start))
    }

    /// assignment = postfixExpression ( "=" | "+=" | "-=" | "*=" | "/=" ) expression
    mutating func parseAssignment() -> Stmt {
        let target = parseExpression()
        guard let op = current.kind.assignmentOperator else {
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
        case .name, .member, .subscripted, .error: true
        case .integer, .decimal, .string, .bool, .nilLiteral, .implicitMember, .call, .unary, .binary, .array,
             .dictionary, .parenthesized:
            false
        }
    }
}
