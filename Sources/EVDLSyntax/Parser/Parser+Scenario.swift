/// `scenario`: given/when/then for aggregates, projections, sagas and policies.
///
/// The words of the scenario forms (`for`, `replies`, `fails`, `times`, `out`, `completed`, `compensated`, `failed`)
/// are contextual: they mean something only where this grammar expects them, and stay ordinary names elsewhere.
extension Parser {
    /// scenarioDecl = "scenario" STRING [ "for" IDENT ] "{" [ "given" givenList ] [ "when" trigger ] "then" outcome "}"
    mutating func parseScenarioDecl() -> ScenarioDecl? {
        let keyword = advance()
        // After an error in the header or the body, a missing clause may be part of that error: say nothing more.
        let errorsBefore = errorCount
        guard let title = parsePlainString(context: "a scenario title") else { return nil }
        var subject: Identifier?
        if atContextualWord("for") {
            advance()
            subject = expectName("the projection, saga, policy or aggregate after `for`")
        }
        guard let open = expectBodyOpen("`scenario` \"\(title.value)\"") else { return nil }
        var scenario = ScenarioDecl(title: title, subject: subject, given: [], when: nil, then: nil, span: keyword.span)
        var seen: [Keyword: Span] = [:]
        let order: [Keyword] = [.given, .when, .then]
        _ = parseList(
            open: open, context: "`scenario` body", kind: .members,
            startsItem: { p in p.at(.given) || p.at(.when) || p.at(.then) },
            item: { p in
                guard case .keyword(let k) = p.current.kind else { return }
                let clause = p.advance()
                if let first = seen[k] {
                    p.softError(SyntaxDiagnostics.duplicateClause(clause.span, clause: k.rawValue, owner: "the scenario", first: first))
                } else if let later = order.first(where: { seen[$0] != nil && (order.firstIndex(of: $0) ?? 0) > (order.firstIndex(of: k) ?? 0) }) {
                    p.softError(SyntaxDiagnostics.scenarioClauseOutOfOrder(clause.span, clause: k.rawValue, before: later.rawValue))
                }
                let isFirst = seen[k] == nil
                if isFirst { seen[k] = clause.span }
                if k == .given {
                    let (messages, replies) = p.parseGivenList()
                    if isFirst { scenario.given = messages; scenario.replies = replies }
                } else if k == .when {
                    if p.at(.identifier), p.peek().kind == .leftParen {
                        let query = p.parseScenarioQuery()
                        if isFirst { scenario.query = query }
                    } else {
                        let message = p.parseMessageLiteral("a command, an event or a query, such as `Order.PlaceOrder { … }`")
                        if isFirst { scenario.when = message }
                    }
                } else {
                    let outcome = p.parseOutcome(clause)
                    if isFirst { scenario.then = outcome }
                }
            },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a `scenario` body", allowed: "`given`, `when` and `then`", found: p.describe(p.current)))
            })
        let close = Span(file: file, start: max(open.span.start, previousEnd - 1), end: previousEnd)
        // A projection scenario may leave `when` out (then lists every row); every other kind needs it, which the
        // checker reports once it knows the subject's kind.
        if errorCount == errorsBefore, seen[.when] == nil, subject == nil {
            softError(SyntaxDiagnostics.scenarioWithoutWhen(close))
        } else if errorCount == errorsBefore, seen[.then] == nil {
            softError(SyntaxDiagnostics.scenarioWithoutThen(close))
        }
        scenario.span = span(from: keyword.span.start)
        return scenario
    }

    /// Whether the current token is the contextual word `word` (an identifier, not written in backticks).
    func atContextualWord(_ word: String) -> Bool {
        at(.identifier) && !isEscaped(current) && text(current) == word
    }

    /// givenList = givenItem { [ "," ] givenItem } ;  givenItem = messageLiteral | reply
    /// reply = qualifiedName ( "replies" [ "{" fields "}" ] | "fails" STRING | "times" "out" )
    mutating func parseGivenList() -> (messages: [MessageLiteral], replies: [ScenarioReply]) {
        var messages: [MessageLiteral] = []
        var replies: [ScenarioReply] = []
        repeat {
            guard let name = parseQualifiedName("an event or a reply, such as `Order.OrderPlaced { … }` or `Payment.Charge fails \"declined\"`")
            else { break }
            if atContextualWord("replies") {
                advance()
                var fields: [FieldArgument]?
                if at(.leftBrace) {
                    guard let parsed = parseFieldArguments(of: name) else { break }
                    fields = parsed
                }
                replies.append(ScenarioReply(command: name, kind: .replies(fields), span: span(from: name.span.start)))
            } else if atContextualWord("fails") {
                advance()
                guard let reason = parsePlainString(context: "the failure's reason") else { break }
                replies.append(ScenarioReply(command: name, kind: .fails(reason), span: span(from: name.span.start)))
            } else if atContextualWord("times") {
                advance()
                guard atContextualWord("out") else {
                    error(SyntaxDiagnostics.expectedToken(currentSpan, expected: "`out`", context: "after `times`", found: describe(current),
                                                          help: "write `\(name) times out`"))
                    break
                }
                advance()
                replies.append(ScenarioReply(command: name, kind: .timesOut, span: span(from: name.span.start)))
            } else {
                guard let message = parseMessageFields(of: name) else { break }
                messages.append(message)
            }
            _ = eat(.comma)
        } while at(.identifier)
        return (messages, replies)
    }

    /// query = IDENT "(" [ callArgument { "," callArgument } ] ")"
    mutating func parseScenarioQuery() -> ScenarioQuery {
        let nameToken = advance()
        let open = advance()
        let arguments = parseCallArguments(open: open)
        return ScenarioQuery(name: Identifier(text(nameToken), span: nameToken.span), arguments: arguments,
                             span: span(from: nameToken.span.start))
    }

    /// outcome = "rejected" [ STRING ] | "nothing" | expected { [ "," ] expected } [ sagaOutcome ] | sagaOutcome
    /// expected = [ "after" DURATION ] messageLiteral ;  sagaOutcome = "completed" | "compensated" | "failed"
    mutating func parseOutcome(_ clause: Token) -> ScenarioOutcome? {
        if let rejected = eat(.keyword(.rejected)) {
            var message: StringLiteral?
            if at(.stringStart) {
                message = parsePlainString(context: "a rejection message")
            }
            return .rejected(message, span(from: rejected.span.start))
        }
        if let nothing = eat(.keyword(.nothing)) {
            return .nothing(nothing.span)
        }
        var sends: [ScenarioSend] = []
        var ending: SagaOutcome?
        let start = current.span.start
        while true {
            if let word = sagaOutcomeWord {
                ending = SagaOutcome(word: word, span: advance().span)
                break
            }
            let after = eat(.keyword(.after))
            var delay: DurationLiteral?
            if after != nil {
                delay = parseDuration("`after`")
                guard delay != nil || at(.identifier) else { break }
            } else if !sends.isEmpty, !at(.identifier) {
                break
            }
            guard let message = parseMessageLiteral(sends.isEmpty && after == nil
                ? "an event, a row, a command, `rejected` or `nothing` after `then`"
                : "the command sent, such as `Order.ExpireOrder { … }`")
            else { break }
            sends.append(ScenarioSend(delay: delay, command: message, span: span(from: after?.span.start ?? message.span.start)))
            _ = eat(.comma)
        }
        let whole = span(from: start)
        if let ending {
            if let delayed = sends.first(where: { $0.delay != nil }) {
                softError(SyntaxDiagnostics.delayWithSagaOutcome(delayed.span, outcome: ending.span))
            }
            return .saga(sends.map(\.command), ending, whole)
        }
        guard !sends.isEmpty else { return nil }
        if sends.contains(where: { $0.delay != nil }) { return .sends(sends, whole) }
        return .events(sends.map(\.command), whole)
    }

    /// The saga outcome word at the current token: `completed`, `compensated` or `failed` not followed by `.` or
    /// `{` (which would make it the name of a message).
    var sagaOutcomeWord: SagaOutcomeWord? {
        guard at(.identifier), !isEscaped(current), let word = SagaOutcomeWord(rawValue: text(current)) else { return nil }
        let next = peek().kind
        return next == .dot || next == .leftBrace ? nil : word
    }
}
