/// `policy` and `scenario` (`publish` is in `Parser+Declarations.swift`).
extension Parser {
    /// policyDecl = "policy" IDENT "{" { policyMember sep } "}"
    /// policyMember = "on" qualifiedName [ "where" expression ] | "after" DURATION "send" messageLiteral
    ///              | "send" messageLiteral [ "as" name ]
    mutating func parsePolicyDecl(doc: DocComment?) -> PolicyDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `policy`"), let open = expectBodyOpen("`policy` `\(name)`") else { return nil }
        var trigger: QualifiedName?
        var triggerSpan: Span?
        var filter: Expr?
        var sends: [PolicySend] = []
        let errorsBefore = errorCount
        _ = parseList(
            open: open, context: "`policy` body", kind: .members,
            startsItem: { p in p.at(.on) || p.at(.send) || p.at(.after) },
            item: { p in
                let start = p.advance()
                if start.kind == .keyword(.on) {
                    if let first = triggerSpan {
                        p.softError(SyntaxDiagnostics.duplicateClause(start.span, clause: "on", owner: "policy `\(name)`", first: first))
                    }
                    let event = p.parseQualifiedName("an event after `on`, such as `Order.OrderPlaced`")
                    var condition: Expr?
                    if event != nil, p.eat(.keyword(.where)) != nil {
                        condition = p.parseExpression()
                    }
                    if triggerSpan == nil {
                        triggerSpan = start.span
                        trigger = event
                        filter = condition
                    }
                } else if start.kind == .keyword(.after) {
                    let delay = p.parseDuration("`after`")
                    guard delay != nil || p.at(.send),
                          p.expect(.keyword(.send), "after the delay", help: "write `after 30m send Target.Command { … }`") != nil,
                          let command = p.parseMessageLiteral("the command to send, such as `Order.CancelOrder`")
                    else { return }
                    var binding: Identifier?
                    if p.eat(.keyword(.as)) != nil {
                        // Parsed so that the checker can say why a deadline's result cannot be bound (EVDL0605).
                        binding = p.expectBindingName("a name for the result after `as`")
                    }
                    sends.append(PolicySend(delay: delay, command: command, binding: binding, span: p.span(from: start.span.start)))
                } else {
                    guard let command = p.parseMessageLiteral("the command to send, such as `Inventory.Release`") else { return }
                    var binding: Identifier?
                    if p.eat(.keyword(.as)) != nil {
                        // `send Payment.Charge { … } as charge`: later sends read the result.
                        binding = p.expectBindingName("a name for the result after `as`")
                    }
                    sends.append(PolicySend(delay: nil, command: command, binding: binding, span: p.span(from: start.span.start)))
                }
            },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a `policy` body", allowed: "one `on` clause and `send` / `after … send` clauses", found: p.describe(p.current)))
            })
        // After an error in the body a missing clause may be part of that error: say nothing more.
        if errorCount == errorsBefore, triggerSpan == nil {
            softError(SyntaxDiagnostics.policyWithoutTrigger(name.span, policy: name.name))
        } else if errorCount == errorsBefore, sends.isEmpty {
            softError(SyntaxDiagnostics.policyWithoutSend(name.span, policy: name.name))
        }
        return PolicyDecl(doc: doc, name: name, trigger: trigger, filter: filter, sends: sends.trimmedToFit, span: span(from: keyword.span.start))
    }

    /// scenarioDecl = "scenario" STRING "{" [ "given" messageList ] "when" messageLiteral "then" outcome [ sep ] "}"
    /// outcome = "rejected" [ STRING ] | "nothing" | messageList ;  messageList = messageLiteral { [ "," ] messageLiteral }
    mutating func parseScenarioDecl() -> ScenarioDecl? {
        let keyword = advance()
        guard let title = parsePlainString(context: "a scenario title"),
              let open = expectBodyOpen("`scenario` \"\(title.value)\"")
        else { return nil }
        var given: [MessageLiteral] = []
        var when: MessageLiteral?
        var then: ScenarioOutcome?
        var seen: [Keyword: Span] = [:]
        let order: [Keyword] = [.given, .when, .then]
        let errorsBefore = errorCount
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
                    let messages = p.parseMessageList("an event, such as `Order.OrderPlaced { … }`")
                    if isFirst { given = messages }
                } else if k == .when {
                    let message = p.parseMessageLiteral("a command, such as `Order.PlaceOrder { … }`")
                    if isFirst { when = message }
                } else {
                    let outcome = p.parseOutcome(clause)
                    if isFirst { then = outcome }
                }
            },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a `scenario` body", allowed: "`given`, `when` and `then`", found: p.describe(p.current)))
            })
        let close = Span(file: file, start: max(open.span.start, previousEnd - 1), end: previousEnd)
        if errorCount == errorsBefore, seen[.when] == nil {
            softError(SyntaxDiagnostics.scenarioWithoutWhen(close))
        } else if errorCount == errorsBefore, seen[.then] == nil {
            softError(SyntaxDiagnostics.scenarioWithoutThen(close))
        }
        return ScenarioDecl(title: title, given: given, when: when, then: then, span: span(from: keyword.span.start))
    }

    /// messageList = messageLiteral { [ "," ] messageLiteral }
    mutating func parseMessageList(_ what: @autoclosure () -> String) -> [MessageLiteral] {
        var messages: [MessageLiteral] = []
        repeat {
            guard let message = parseMessageLiteral(what()) else { break }
            messages.append(message)
            _ = eat(.comma)
        } while at(.identifier)
        return messages
    }

    /// outcome = "rejected" [ STRING ] | "nothing" | messageList
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
        let messages = parseMessageList("an event, `rejected` or `nothing` after `then`")
        guard let first = messages.first else { return nil }
        return .events(messages, span(from: first.span.start))
    }
}
