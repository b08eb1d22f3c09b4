/// `projection` and its members.
extension Parser {
    static let projectionMembers = "`key`, `row`, `on` handlers and `query` declarations"

    /// projectionDecl = "projection" IDENT "{" { projectionMember sep } "}"
    mutating func parseProjectionDecl(doc: DocComment?) -> ProjectionDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `projection`"), let open = expectBodyOpen("`projection` `\(name)`") else { return nil }
        var members: [ProjectionMember] = []
        _ = parseList(
            open: open, context: "`projection` body", kind: .members,
            startsItem: { p in p.at(.key) || p.at(.row) || p.at(.on) || p.at(.query) },
            item: { p in if let member = p.parseProjectionMember() { members.append(member) } },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a `projection` body", allowed: Parser.projectionMembers, found: p.describe(p.current)))
            })
        return ProjectionDecl(doc: doc, name: name, members: members.trimmedToFit, span: span(from: keyword.span.start))
    }

    /// projectionMember = keyDecl | rowBlock | handler | query
    mutating func parseProjectionMember() -> ProjectionMember? {
        if at(.key) {
            // keyDecl = "key" fieldName ":" type
            let keyword = advance()
            return parseIdentity(keyword: keyword).map(ProjectionMember.key)
        }
        if at(.row) {
            // rowBlock = "row" "{" fieldList "}"
            return parseFieldBlock(owner: "row").map(ProjectionMember.row)
        }
        if at(.on) {
            return parseProjectionHandler().map(ProjectionMember.on)
        }
        return parseQuery().map(ProjectionMember.query)
    }

    /// handler = "on" qualifiedName [ "for" name "in" expression ] [ "key" expression ] [ "where" expression ] block
    mutating func parseProjectionHandler() -> ProjectionHandler? {
        let keyword = advance()
        guard let event = parseQualifiedName("an event after `on`, such as `Order.OrderPlaced`") else { return nil }
        var element: Identifier?
        var elements: Expr?
        if at(.identifier), !isEscaped(current), text(current) == "for" {
            // `for tag in event.tags`: one row update per element.
            advance()
            guard let name = expectBindingName("a name for each element after `for`") else { return nil }
            guard at(.identifier), text(current) == "in" else {
                error(SyntaxDiagnostics.expectedToken(currentSpan, expected: "`in`", context: "after `for \(name)`", found: describe(current),
                                                      help: "write `for \(name) in event.items`"))
                return nil
            }
            advance()
            element = name
            elements = parseExpressionBeforeBlock()
        }
        var key: Expr?
        if eat(.keyword(.key)) != nil {
            key = parseExpressionBeforeBlock()
        }
        var filter: Expr?
        if eat(.keyword(.where)) != nil {
            filter = parseExpressionBeforeBlock()
        }
        let body = parseBlock(context: "`on` body")
        return ProjectionHandler(event: event, element: element, elements: elements, key: key, filter: filter, body: body,
                                 span: span(from: keyword.span.start))
    }

    /// query = [ DOC ] "query" IDENT "(" [ parameter { "," parameter } [ "," ] ] ")" "->" type [ "where" expression ]
    mutating func parseQuery() -> QueryDecl? {
        let doc = doc(of: current)
        let keyword = advance()
        guard let name = expectName("a name for the `query`") else { return nil }
        guard let open = expect(.leftParen, "after the query name", help: "write `query \(name)(parameter: Type) -> [Projection]`") else { return nil }
        var parameters: [ParameterDecl] = []
        while !at(.rightParen) {
            // parameter = fieldName ":" type
            guard startsField, let parameterName = expectMemberName("a parameter name") else {
                error(SyntaxDiagnostics.expectedName(currentSpan, what: "a parameter name", found: describe(current), foundKeyword: nil))
                return nil
            }
            guard expect(.colon, "after the parameter name `\(parameterName)`") != nil else { return nil }
            let type = parseType()
            parameters.append(ParameterDecl(name: parameterName, type: type, span: span(from: parameterName.span.start)))
            if eat(.comma) == nil { break }
        }
        guard expectCloser(.rightParen, context: "the parameter list", open: open) != nil,
              expect(.arrow, "after the parameters", help: "give the result type, such as `-> [OrderSummary]`") != nil
        else { return nil }
        let result = parseType()
        var filter: Expr?
        if eat(.keyword(.where)) != nil {
            filter = parseExpression()
        }
        return QueryDecl(doc: doc, name: name, parameters: parameters, result: result, filter: filter, span: span(from: keyword.span.start))
    }
}
