/// The top level: `spec`, `declaration`, `type`, `enum`, `service`.
extension Parser {
    /// spec = { declaration } EOF
    mutating func parseSpec() -> SpecFile {
        var declarations: [Declaration] = []
        while !at(.endOfFile) {
            if case .keyword(let k) = current.kind, k.startsDeclaration {
                suppressing = false
                let before = position
                if let declaration = parseDeclaration(k) {
                    declarations.append(declaration)
                }
                var separated = current.precededByNewline
                while eat(.semicolon) != nil { separated = true }
                if position == before || (suppressing && !at(.endOfFile) && !isDeclarationStart(at: position)) {
                    skipToDeclaration()
                } else if !at(.endOfFile), !separated {
                    if case .keyword(let next) = current.kind, next.startsDeclaration {
                        error(SyntaxDiagnostics.missingSeparator(currentSpan, items: "declarations", separators: "`;`"))
                    } else {
                        error(SyntaxDiagnostics.expectedDeclaration(currentSpan, found: describe(current)))
                    }
                    skipToDeclaration()
                }
            } else {
                error(SyntaxDiagnostics.expectedDeclaration(currentSpan, found: describe(current)))
                skipToDeclaration()
            }
        }
        return SpecFile(file: file, declarations: declarations.trimmedToFit, expressionCount: nextExpressionIndex)
    }

    /// declaration = typeDecl | enumDecl | aggregateDecl | serviceDecl | projectionDecl | sagaDecl | policyDecl
    ///             | publishDecl | scenarioDecl
    mutating func parseDeclaration(_ keyword: Keyword) -> Declaration? {
        let doc = doc(of: current)
        switch keyword {
        case .type: return parseTypeDecl(doc: doc).map(Declaration.type)
        case .enum: return parseEnumDecl(doc: doc).map(Declaration.enumeration)
        case .aggregate: return parseAggregateDecl(doc: doc).map(Declaration.aggregate)
        case .service: return parseServiceDecl(doc: doc).map(Declaration.service)
        case .projection: return parseProjectionDecl(doc: doc).map(Declaration.projection)
        case .saga: return parseSagaDecl(doc: doc).map(Declaration.saga)
        case .policy: return parsePolicyDecl(doc: doc).map(Declaration.policy)
        case .publish: return parsePublishDecl().map(Declaration.publish)
        case .scenario: return parseScenarioDecl().map(Declaration.scenario)
        case .id, .snapshot, .every, .state, .command, .event, .emits, .decide, .apply, .emit, .require, .else, .if,
             .let, .delete, .key, .row, .on, .query, .where, .input, .start, .step, .invoke, .as, .compensate,
             .nothing, .retry, .forever, .timeout, .failure, .send, .after, .to, .given, .when, .then, .rejected,
             .true, .false, .nil:
            return nil
        }
    }

    /// The `{` that opens a declaration's body.
    /// When the `{` is missing but the next line starts with a name or keyword (a member or field), the error is
    /// reported and the body is parsed as if the `{` were there, so that its `}` still matches.
    mutating func expectBodyOpen(_ owner: @autoclosure () -> String) -> Token? {
        if let open = expect(.leftBrace, "to open the body of \(owner())") { return open }
        let startsBody = current.kind == .identifier || (current.kind.isKeyword && !isDeclarationStart(at: position))
        return current.precededByNewline && startsBody ? missingOpenBrace() : nil
    }

    /// A zero-width `{` standing in for a missing one.
    func missingOpenBrace() -> Token {
        Token(kind: .leftBrace, span: Span(file: file, start: previousEnd, end: previousEnd), precededByNewline: false, isMissing: true)
    }

    /// typeDecl = "type" IDENT "{" fieldList "}"
    mutating func parseTypeDecl(doc: DocComment?) -> TypeDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `type`"), let open = expectBodyOpen("`type` `\(name)`") else { return nil }
        let fields = parseFieldList(open: open, context: "`type` body")
        return TypeDecl(doc: doc, name: name, fields: fields, span: span(from: keyword.span.start))
    }

    /// enumDecl = "enum" IDENT "{" [ enumCase { sep enumCase } [ sep ] ] "}" ;  enumCase = [ DOC ] IDENT
    mutating func parseEnumDecl(doc: DocComment?) -> EnumDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `enum`"), let open = expectBodyOpen("`enum` `\(name)`") else { return nil }
        var cases: [EnumCaseDecl] = []
        _ = parseList(
            open: open, context: "`enum` body", kind: .cases,
            startsItem: { $0.startsBindingName },
            item: { p in
                let doc = p.doc(of: p.current)
                let token = p.advance()
                cases.append(EnumCaseDecl(doc: doc, name: Identifier(p.text(token), span: token.span)))
            },
            unexpected: { p in
                var keyword: String?
                if case .keyword(let k) = p.current.kind { keyword = k.rawValue }
                p.error(SyntaxDiagnostics.expectedName(p.currentSpan, what: "an enum case name", found: p.describe(p.current), foundKeyword: keyword))
            })
        return EnumDecl(doc: doc, name: name, cases: cases.trimmedToFit, span: span(from: keyword.span.start))
    }

    /// serviceDecl = "service" IDENT "{" { serviceCommand sep } "}"
    mutating func parseServiceDecl(doc: DocComment?) -> ServiceDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `service`"), let open = expectBodyOpen("`service` `\(name)`") else { return nil }
        var commands: [CommandDecl] = []
        _ = parseList(
            open: open, context: "`service` body", kind: .members,
            startsItem: { $0.at(.command) },
            item: { p in
                if let command = p.parseCommandDecl(inService: true) { commands.append(command) }
            },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a `service` body", allowed: "`command` declarations", found: p.describe(p.current)))
            })
        return ServiceDecl(doc: doc, name: name, commands: commands.trimmedToFit, span: span(from: keyword.span.start))
    }

    /// publishDecl = "publish" qualifiedName "to" STRING
    mutating func parsePublishDecl() -> PublishDecl? {
        let keyword = advance()
        guard let event = parseQualifiedName("an event to publish, such as `Order.OrderPlaced`") else { return nil }
        guard expect(.keyword(.to), "after the published event", help: "write `publish \(event) to \"topic\"`") != nil,
              let topic = parsePlainString(context: "a topic")
        else { return nil }
        return PublishDecl(event: event, topic: topic, span: span(from: keyword.span.start))
    }

    // MARK: Fields

    /// fieldList = [ field { sep field } [ sep ] ]   (between braces)
    mutating func parseFieldList(open: Token, context: @autoclosure () -> String) -> [FieldDecl] {
        var fields: [FieldDecl] = []
        _ = parseList(
            open: open, context: context(), kind: .fields,
            startsItem: { p in p.startsField },
            item: { p in if let field = p.parseField() { fields.append(field) } },
            unexpected: { p in
                p.error(SyntaxDiagnostics.expectedName(p.currentSpan, what: "a field name", found: p.describe(p.current), foundKeyword: nil))
            })
        return fields.trimmedToFit
    }

    /// A field starts with an identifier, or a keyword followed by `:`.
    var startsField: Bool {
        switch current.kind {
        case .identifier: true
        case .keyword: peek().kind == .colon
        case .integer, .decimal, .duration, .stringStart, .stringSegment, .interpolationStart, .interpolationEnd,
             .stringEnd, .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma,
             .semicolon, .colon, .dot, .arrow, .question, .questionQuestion, .equal, .equalEqual, .bangEqual, .less,
             .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang, .ampAmp, .pipePipe,
             .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile: false
        }
    }

    /// field = [ DOC ] fieldName ":" type [ "=" expression ] [ "was" IDENT ]
    mutating func parseField() -> FieldDecl? {
        let doc = doc(of: current)
        let nameToken = advance()
        let name = Identifier(text(nameToken), span: nameToken.span)
        guard expect(.colon, "after the field name `\(name)`", help: "write `\(name): Type`") != nil else { return nil }
        let type = parseType()
        var defaultValue: Expr?
        if eat(.equal) != nil {
            defaultValue = parseExpression()
        }
        var previousName: Identifier?
        if at(.identifier), text(current) == "was", peek().kind == .identifier {
            advance()
            previousName = expectName("the field's earlier name after `was`")
        }
        return FieldDecl(doc: doc, name: name, type: type, defaultValue: defaultValue, previousName: previousName,
                         span: span(from: nameToken.span.start))
    }

    /// identity = fieldName ":" type   (after `id` or `key`)
    mutating func parseIdentity(keyword: Token) -> IdentityDecl? {
        let word = keyword.kind.fixedText ?? "id"
        guard let name = expectMemberName("a field name after `\(word)`") else { return nil }
        guard expect(.colon, "after `\(name)`", help: "write `\(word) \(name): UUID`") != nil else { return nil }
        let type = parseType()
        return IdentityDecl(name: name, type: type, span: span(from: keyword.span.start))
    }
}
