import EVDLSyntax

/// How a reply's command is invoked by the subject: the rules that decide whether it may fail or time out.
struct ScenarioInvocationRules {
    /// The commands the subject sends (invokes, compensations, `on failure` commands; a policy's sends).
    var sent: Set<MessageTarget>
    /// Commands invoked by a step with a `timeout` (only those can time out).
    var timed: Set<MessageTarget> = []
    /// Commands invoked by a step with `retry forever`: the step's name and where `retry forever` is written.
    var retriedForever: [MessageTarget: (step: String, span: Span)] = [:]
}

extension Checker {
    /// Checks the replies of a saga or policy scenario: each names a command the subject sends, a result given with
    /// `replies { … }` is complete and typed, and `fails` / `times out` can happen (`EVDL0445`–`EVDL0447`, `EVDL0449`).
    func checkScenarioReplies(_ replies: [ScenarioReply], subject: String, rules: ScenarioInvocationRules, _ scope: Scope) {
        for reply in replies {
            guard let command = resolveMessage(reply.command, expecting: .command, within: nil) else {
                if case .replies(let fields?) = reply.kind {
                    for argument in fields { checkArgumentValue(argument, expected: nil, scope, quiet: true) }
                }
                continue
            }
            if !rules.sent.contains(command.target) {
                report(SemaDiagnostics.scenarioReplyNotInvoked(command.qualifiedName, subject: subject, at: reply.command.span))
            }
            switch reply.kind {
            case .replies(let fields?):
                if let result = symbols.command(command.target)?.result {
                    checkFieldArguments(fields, identity: nil, identityAutoFilled: false, fields: result,
                                        owner: "the result of `\(command.qualifiedName)`", missingAt: reply.command.span, scope)
                } else {
                    report(SemaDiagnostics.scenarioReplyWithoutResult(command.qualifiedName, at: reply.span))
                    for argument in fields { checkArgumentValue(argument, expected: nil, scope, quiet: true) }
                }
            case .replies(nil):
                break
            case .fails, .timesOut:
                if case .timesOut = reply.kind, rules.sent.contains(command.target), !rules.timed.contains(command.target) {
                    report(SemaDiagnostics.scenarioTimeoutWithoutTimeout(command.qualifiedName, subject: subject, at: reply.span))
                } else if let forever = rules.retriedForever[command.target] {
                    report(SemaDiagnostics.scenarioRetriesForever(command.qualifiedName, step: forever.step, at: reply.span, retry: forever.span))
                }
            }
        }
    }

    /// Checks the commands a saga or policy scenario expects to be sent: each is one the subject sends, complete
    /// and typed (`EVDL0448`).
    func checkExpectedCommands(_ literals: [MessageLiteral], subject: String, sent: Set<MessageTarget>, _ scope: Scope) {
        for literal in literals {
            guard let command = resolveMessage(literal.name, expecting: .command, within: nil) else {
                checkArgumentValuesOnly(literal, scope)
                continue
            }
            if !sent.contains(command.target) {
                report(SemaDiagnostics.scenarioCommandNotSent(command.qualifiedName, subject: subject, at: literal.name.span))
            }
            checkMessageArguments(literal, entry: command, scope, identityAutoFilled: false)
        }
    }

    /// Reports what a saga or policy scenario cannot have: `given` events and a query.
    func reportEventsAndQuery(_ d: ScenarioDecl, subject: String, fits: String, _ scope: Scope) {
        if let event = d.given.first {
            report(SemaDiagnostics.scenarioFormMismatch("a message in `given`", subject: subject, at: event.span, fits: fits))
        }
        for literal in d.given { checkArgumentValuesOnly(literal, scope) }
        if let query = d.query {
            report(SemaDiagnostics.scenarioFormMismatch("a query", subject: subject, at: query.span, fits: fits))
            checkCallValuesOnly(query.arguments, scope)
        }
        if d.when == nil, d.query == nil {
            report(SemaDiagnostics.scenarioMissingWhen(subject: subject, at: d.title.span, fits: fits))
        }
    }
}
