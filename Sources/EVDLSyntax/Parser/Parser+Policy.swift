/// `policy` (`publish` is in `Parser+Declarations.swift`, `scenario` in `Parser+Scenario.swift`).
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
}
