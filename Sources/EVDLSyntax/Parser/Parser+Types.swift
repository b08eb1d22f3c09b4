/// Types: `Int`, `[T]`, `[K: V]`, `T?`.
extension Parser {
    /// type = ( IDENT | "[" type "]" | "[" type ":" type "]" ) { "?" }
    /// (`??` right after a type is read as two `?`.)
    mutating func parseType() -> TypeExpr {
        let start = current
        var type: TypeExpr
        if at(.identifier) {
            advance()
            type = TypeExpr(.named(Identifier(text(start), span: start.span)), span: start.span)
        } else if at(.leftBracket) {
            guard enterNesting() else { return TypeExpr(.error, span: span(from: start.span.start)) }
            advance()
            let element = parseType()
            if eat(.colon) != nil {
                let value = parseType()
                expectCloser(.rightBracket, context: "the dictionary type", open: start)
                type = TypeExpr(.dictionary(key: element, value: value), span: span(from: start.span.start))
            } else {
                expectCloser(.rightBracket, context: "the array type", open: start)
                type = TypeExpr(.array(element), span: span(from: start.span.start))
            }
            leaveNesting()
        } else {
            error(SyntaxDiagnostics.expectedType(currentSpan, found: describe(current)))
            return TypeExpr(.error, span: here)
        }
        var optionals = 0
        while !current.precededByNewline, at(.question) || at(.questionQuestion) {
            let marks = at(.question) ? 1 : 2
            advance()
            for _ in 0..<marks {
                optionals += 1
                if depth + optionals > Parser.nestingLimit {
                    reportChainTooLong()
                    return type
                }
                type = TypeExpr(.optional(type), span: span(from: start.span.start))
            }
        }
        return type
    }
}
