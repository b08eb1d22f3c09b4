import EVDLSema
import EVDLSyntax

extension ScenarioInterpreter {
    /// given events → when a command → then events, a rejection or nothing.
    func runAggregateScenario(_ d: ScenarioDecl, aggregate name: String) -> ScenarioResult {
        let subject = "aggregate \(name)"
        guard let machine = machines[name] else {
            return result(d, subject: subject, stop: .failure("`\(name)` is not an aggregate of this module", at: d.span))
        }
        let f = scenarioFrame()
        var expected = ""
        do {
            var state = try machine.initialState(now: f.now)
            for literal in d.given {
                state = try machine.apply(try evaluator.message(literal, f), to: state, now: f.now)
            }
            guard let when = d.when, let then = d.then else {
                return result(d, subject: subject, stop: .failure("a scenario needs `when` and `then`", at: d.span))
            }
            let command = try evaluator.message(when, f)
            let expectation: AggregateExpectation
            switch then {
            case .events(let literals, _):
                let events = try literals.map { (l) throws(Stop) -> Value.Fields in try evaluator.message(l, f) }
                expectation = .events(events)
                expected = events.isEmpty ? "nothing" : events.map(ValueText.messageLine).joined(separator: "\n")
            case .nothing:
                expectation = .events([])
                expected = "nothing"
            case .rejected(let message, _):
                expectation = .rejected(message?.value)
                expected = message.map { "rejected " + ValueText.quoted($0.value) } ?? "rejected"
            case .sends, .saga:
                return result(d, subject: subject, stop: .failure("an aggregate scenario expects events, `rejected` or `nothing`", at: then.span))
            }
            let decision = try machine.decide(command, state: state, version: d.given.count, now: f.now)
            return compare(d, subject: subject, decision: decision, expectation: expectation, expected: expected, at: when.name.span)
        } catch let stop {
            return result(d, subject: subject, stop: stop, expected: expected)
        }
    }

    enum AggregateExpectation {
        case events([Value.Fields])
        case rejected(String?)
    }

    private func compare(_ d: ScenarioDecl, subject: String, decision: AggregateMachine.Decision, expectation: AggregateExpectation,
                         expected: String, at whenSpan: Span) -> ScenarioResult {
        let actual: String
        var differences: [String] = []
        var summary: String?
        switch decision {
        case .notInterpreted:
            let diagnostic = Diagnostic(.warning, ScenarioDiagnostics.scenarioNotInterpreted,
                                        "scenario \"\(d.title.value)\" was skipped: its command is decided in Swift", at: whenSpan,
                                        label: "decided in Swift",
                                        help: "the generated scenario tests run it (`evdlc generate --scenario-tests`)")
            return ScenarioResult(title: d.title.value, subject: subject, status: .skipped, actual: "", expected: expected,
                                  differences: [], diagnostic: diagnostic, span: d.span)
        case .accepted(let events):
            actual = events.isEmpty ? "nothing" : events.map(ValueText.messageLine).joined(separator: "\n")
            switch expectation {
            case .events(let wanted):
                differences = Differences.messages(expected: wanted, actual: events, noun: "event")
                if !differences.isEmpty { summary = "expected other events" }
            case .rejected(let message):
                summary = "expected a rejection\(message.map { " \(ValueText.quoted($0))" } ?? ""), but the command was accepted"
            }
        case .rejected(let message), .existence(_, let message):
            if case .existence(let code, _) = decision {
                actual = "rejected \(code)"
            } else {
                actual = "rejected " + ValueText.quoted(message)
            }
            switch expectation {
            case .events(let wanted):
                summary = "expected \(wanted.isEmpty ? "no events" : "events"), but the command was rejected: \(ValueText.quoted(message))"
            case .rejected(let wanted?) where wanted != message:
                summary = "expected the rejection \(ValueText.quoted(wanted)), but it was rejected with \(ValueText.quoted(message))"
                differences = ["message: expected \(ValueText.quoted(wanted)), got \(ValueText.quoted(message))"]
            case .rejected:
                break
            }
        }
        return finish(d, subject: subject, actual: actual, expected: expected, summary: summary, differences: differences, at: whenSpan)
    }
}
