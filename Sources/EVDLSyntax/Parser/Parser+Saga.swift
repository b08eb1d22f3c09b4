/// `saga`, its steps and `on failure`.
extension Parser {
    static let sagaMembers = "`input`, `start on`, `step` and `on failure`"
    static let stepClauses = "`invoke`, `compensate`, `retry` and `timeout`"

    /// sagaDecl = "saga" IDENT "{" { sagaMember sep } "}"
    mutating func parseSagaDecl(doc: DocComment?) -> SagaDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `saga`"), let open = expectBodyOpen("`saga` `\(name)`") else { return nil }
        var members: [SagaMember] = []
        _ = parseList(
            open: open, context: "`saga` body", kind: .members,
            startsItem: { p in p.at(.input) || p.at(.start) || p.at(.step) || p.at(.on) },
            item: { p in if let member = p.parseSagaMember() { members.append(member) } },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a `saga` body", allowed: Parser.sagaMembers, found: p.describe(p.current)))
            })
        return SagaDecl(doc: doc, name: name, members: members.trimmedToFit, span: span(from: keyword.span.start))
    }

    /// sagaMember = inputBlock | start | step | onFailure
    mutating func parseSagaMember() -> SagaMember? {
        if at(.input) {
            // inputBlock = "input" "{" fieldList "}"
            return parseFieldBlock(owner: "input").map(SagaMember.input)
        }
        if at(.start) {
            // start = "start" "on" messageLiteral
            let keyword = advance()
            guard expect(.keyword(.on), "after `start`", help: "write `start on Aggregate.Event { input fields }`") != nil,
                  let trigger = parseMessageLiteral("the event that starts the saga, such as `Order.OrderPlaced`")
            else { return nil }
            return .start(SagaStart(trigger: trigger, span: span(from: keyword.span.start)))
        }
        if at(.step) {
            return parseSagaStep().map(SagaMember.step)
        }
        return parseOnFailure()
    }

    /// step = [ DOC ] "step" IDENT "{" { stepClause sep } "}"
    /// stepClause = "invoke" messageLiteral [ "as" IDENT ] | "compensate" ( "nothing" | messageLiteral )
    ///            | "retry" ( INTEGER | "forever" ) | "timeout" DURATION
    mutating func parseSagaStep() -> SagaStep? {
        let doc = doc(of: current)
        let keyword = advance()
        guard let name = expectName("a name for the `step`"), let open = expectBodyOpen("`step` `\(name)`") else { return nil }
        var invoke: MessageLiteral?
        var binding: Identifier?
        var compensate: Compensation?
        var retry: RetryPolicy?
        var timeout: DurationLiteral?
        var firstSpans: [Keyword: Span] = [:]
        let owner = "step `\(name)`"
        let errorsBefore = errorCount
        _ = parseList(
            open: open, context: "`step` body", kind: .nestedMembers,
            startsItem: { p in p.at(.invoke) || p.at(.compensate) || p.at(.retry) || p.at(.timeout) },
            item: { p in
                guard case .keyword(let k) = p.current.kind else { return }
                let clause = p.advance()
                if let first = firstSpans[k] {
                    p.softError(SyntaxDiagnostics.duplicateClause(clause.span, clause: k.rawValue, owner: owner, first: first))
                } else {
                    firstSpans[k] = clause.span
                }
                let isFirst = firstSpans[k] == clause.span
                switch k {
                case .invoke:
                    let message = p.parseMessageLiteral("the command to invoke, such as `Payment.Charge`")
                    var name: Identifier?
                    if message != nil, p.eat(.keyword(.as)) != nil {
                        name = p.expectBindingName("a name for the result after `as`")
                    }
                    if isFirst { invoke = message; binding = name }
                case .compensate:
                    var value: Compensation?
                    if let nothing = p.eat(.keyword(.nothing)) {
                        value = .nothing(clause.span.to(nothing.span))
                    } else if let message = p.parseMessageLiteral("the compensating command, or `nothing`") {
                        value = .command(message)
                    }
                    if isFirst { compensate = value }
                case .retry:
                    var value: RetryPolicy?
                    if let forever = p.eat(.keyword(.forever)) {
                        value = .forever(clause.span.to(forever.span))
                    } else if p.at(.integer) {
                        if let count = p.parseCount("`retry`", minimum: 0) { value = .times(count, p.span(from: clause.span.start)) }
                    } else {
                        p.error(SyntaxDiagnostics.expectedToken(p.currentSpan, expected: "a number or `forever`", context: "after `retry`", found: p.describe(p.current)))
                    }
                    if isFirst { retry = value }
                case .timeout:
                    let value = p.parseDuration("`timeout`")
                    if isFirst { timeout = value }
                case .type, .enum, .aggregate, .service, .projection, .saga, .policy, .publish, .scenario, .id,
                     .snapshot, .every, .state, .command, .event, .emits, .decide, .apply, .emit, .require, .else, .if,
                     .let, .delete, .key, .row, .on, .query, .where, .input, .start, .step, .as, .nothing, .forever,
                     .failure, .send, .after, .to, .given, .when, .then, .rejected, .true, .false, .nil:
                    break
                }
            },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "a saga `step`", allowed: Parser.stepClauses, found: p.describe(p.current)))
            })
        if firstSpans[.invoke] == nil, errorCount == errorsBefore {
            softError(SyntaxDiagnostics.stepWithoutInvoke(name.span, step: name.name))
        }
        return SagaStep(doc: doc, name: name, invoke: invoke, binding: binding, compensate: compensate, retry: retry,
                        timeout: timeout, span: span(from: keyword.span.start))
    }

    /// onFailure = "on" "failure" "{" { "invoke" messageLiteral sep } "}"
    mutating func parseOnFailure() -> SagaMember? {
        let keyword = advance()
        guard expect(.keyword(.failure), "after `on` in a saga", help: "a saga has `on failure { invoke … }`; events start it with `start on`") != nil,
              let open = expect(.leftBrace, "after `on failure`")
        else { return nil }
        var actions: [MessageLiteral] = []
        _ = parseList(
            open: open, context: "`on failure` body", kind: .nestedMembers,
            startsItem: { p in p.at(.invoke) },
            item: { p in
                p.advance()
                if let message = p.parseMessageLiteral("the command to invoke, such as `Order.CancelOrder`") { actions.append(message) }
            },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "`on failure`", allowed: "`invoke` clauses", found: p.describe(p.current)))
            })
        return .onFailure(actions: actions.trimmedToFit, span: span(from: keyword.span.start))
    }
}
