/// Pieces several declarations share: qualified names, message literals, plain strings, counts and durations.
extension Parser {
    /// qualifiedName = IDENT { "." IDENT }
    mutating func parseQualifiedName(_ what: @autoclosure () -> String) -> QualifiedName? {
        guard let first = expectName(what()) else { return nil }
        var parts = [first]
        while at(.dot), peek().kind == .identifier {
            advance()
            let token = advance()
            parts.append(Identifier(text(token), span: token.span))
        }
        if at(.dot) {
            advance()
            _ = expectName("a name after `.`")
            return nil
        }
        return QualifiedName(parts: parts, span: first.span.to(parts[parts.count - 1].span))
    }

    /// messageLiteral = qualifiedName "{" [ fieldArgument { sep fieldArgument } [ sep ] ] "}"
    mutating func parseMessageLiteral(_ what: @autoclosure () -> String) -> MessageLiteral? {
        guard let name = parseQualifiedName(what()) else { return nil }
        return parseMessageFields(of: name)
    }

    /// The `{ fields }` of a message literal whose name was just parsed.
    mutating func parseMessageFields(of name: QualifiedName) -> MessageLiteral? {
        guard let arguments = parseFieldArguments(of: name) else { return nil }
        return MessageLiteral(name: name, arguments: arguments, span: span(from: name.span.start))
    }

    /// `"{" [ fieldArgument { sep fieldArgument } [ sep ] ] "}"` after `name` (a message, or a reply's result).
    mutating func parseFieldArguments(of name: QualifiedName) -> [FieldArgument]? {
        guard let open = expect(.leftBrace, "after `\(name)`", help: "give the fields in braces: `\(name) { … }`") else { return nil }
        var arguments: [FieldArgument] = []
        _ = parseList(
            open: open, context: "the fields of `\(name)`", kind: .arguments,
            startsItem: { p in p.at(.identifier) || (p.peek().kind == .colon && p.current.kind.isKeyword) || p.atKeywordShorthand },
            item: { p in if let argument = p.parseFieldArgument() { arguments.append(argument) } },
            unexpected: { p in
                p.error(SyntaxDiagnostics.expectedName(p.currentSpan, what: "a field name", found: p.describe(p.current), foundKeyword: nil))
            })
        return arguments.trimmedToFit
    }

    /// A keyword standing alone as a shorthand argument (`{ from, to }`): followed by a separator or the `}`.
    var atKeywordShorthand: Bool {
        guard case .keyword(let k) = current.kind, !k.isReservedInExpressions else { return false }
        let next = peek()
        return next.kind == .comma || next.kind == .semicolon || next.kind == .rightBrace || next.precededByNewline
    }

    /// fieldArgument = label ":" expression | name
    mutating func parseFieldArgument() -> FieldArgument? {
        let labelToken = advance()
        let label = Identifier(text(labelToken), span: labelToken.span)
        var value: Expr?
        if eat(.colon) != nil {
            value = parseExpression()
        }
        return FieldArgument(label: label, value: value, span: span(from: labelToken.span.start))
    }

    /// A string literal without interpolation (topics, titles, rejection messages).
    mutating func parsePlainString(context: String) -> StringLiteral? {
        guard let open = expect(.stringStart, "for \(context)", help: "write \(context) in double quotes") else { return nil }
        var value = ""
        while !at(.endOfFile) {
            if at(.stringSegment) {
                let token = advance()
                value += decodedText(token)
            } else if at(.interpolationStart) {
                let start = current.span.start
                skipGroup()
                softError(SyntaxDiagnostics.interpolationNotAllowed(span(from: start), context: context))
            } else {
                if at(.stringEnd) { advance() }
                break
            }
        }
        return StringLiteral(value: value, span: span(from: open.span.start))
    }

    /// A whole number for `snapshot every`, `retry`, event versions: `minimum` or more, at most `Int32.max`.
    mutating func parseCount(_ what: @autoclosure () -> String, minimum: Int) -> Int? {
        guard at(.integer) else {
            error(SyntaxDiagnostics.expectedToken(currentSpan, expected: "a whole number", context: "after \(what())", found: describe(current)))
            return nil
        }
        let token = advance()
        let digits = text(token).filter { $0 != "_" }
        guard let value = Int(digits), value >= minimum, value <= Int(Int32.max) else {
            softError(SyntaxDiagnostics.invalidCount(token.span, what: what(), text: text(token)))
            return nil
        }
        return value
    }

    /// DURATION: digits followed by `ms`, `s`, `m`, `h` or `d`.
    mutating func parseDuration(_ what: @autoclosure () -> String) -> DurationLiteral? {
        guard at(.duration) else {
            error(SyntaxDiagnostics.expectedToken(currentSpan, expected: "a duration such as `30s`", context: "after \(what())",
                                                  found: describe(current), help: "duration units are `ms`, `s`, `m`, `h` and `d`"))
            return nil
        }
        return durationLiteral(advance(), what())
    }

    /// The value of a duration token already consumed; `nil` after reporting an invalid one.
    mutating func durationLiteral(_ token: Token, _ what: @autoclosure () -> String) -> DurationLiteral? {
        let raw = text(token)
        if raw.contains(".") { return nil }  // a fractional duration, reported by the lexer
        let digits = raw.prefix { $0.isNumber || $0 == "_" }
        let unitText = String(raw.dropFirst(digits.count))
        guard let unit = DurationLiteral.Unit(rawValue: unitText),
              let value = Int64(digits.filter { $0 != "_" }), value <= Int64(Int32.max)
        else {
            softError(SyntaxDiagnostics.invalidCount(token.span, what: what(), text: raw))
            return nil
        }
        return DurationLiteral(value: value, unit: unit, span: token.span)
    }
}

extension TokenKind {
    /// Whether this is a keyword.
    var isKeyword: Bool {
        if case .keyword = self { return true }
        return false
    }
}
