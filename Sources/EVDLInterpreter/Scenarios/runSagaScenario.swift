import EVDLSema
import EVDLSyntax

extension ScenarioInterpreter {
    /// given replies → when the start event (or the input) → then the commands sent in order and the outcome.
    func runSagaScenario(_ d: ScenarioDecl, saga name: String) -> ScenarioResult {
        let subject = "saga \(name)"
        guard let saga = sagas[name] else {
            return result(d, subject: subject, stop: .failure("`\(name)` is not a saga of this module", at: d.span))
        }
        let f = scenarioFrame()
        var expected = ""
        do {
            var replies = try Replies(d.replies, evaluator: evaluator, f)
            guard let when = d.when, case .saga(let literals, let outcome, _)? = d.then else {
                return result(d, subject: subject, stop: .failure("a saga scenario needs `when` and `then` commands with an outcome", at: d.span))
            }
            let wanted = try literals.map { (l) throws(Stop) -> Value.Fields in try evaluator.message(l, f) }
            expected = (wanted.map(ValueText.messageLine) + [outcome.word.rawValue]).joined(separator: "\n")
            // The input: from the start event through `start on`, or written directly (`when Checkout { … }`).
            let input: Value.Fields
            if evaluator.model.messageTargets[when.name.span] != nil, let start = saga.start {
                let event = try evaluator.message(when, f)
                let s = Frame(now: f.now)
                s.event = event
                input = try evaluator.build(name, given: try evaluator.arguments(of: start.trigger.arguments, s), s, at: start.span)
            } else {
                input = try evaluator.build(name, given: try evaluator.arguments(of: when.arguments, f), f, at: when.span)
            }
            let run = try SagaMachine(evaluator: evaluator, saga: saga).run(input: input, replies: &replies, now: f.now)
            let actual = (run.sent.map(ValueText.messageLine) + [run.outcome]).joined(separator: "\n")
            var summary: String?
            var differences: [String] = []
            if actual != expected {
                differences = Differences.messages(expected: wanted, actual: run.sent, noun: "command")
                if run.outcome != outcome.word.rawValue {
                    differences.append("outcome: expected \(outcome.word.rawValue), got \(run.outcome)\(run.reasons.isEmpty ? "" : " (" + run.reasons.joined(separator: "; ") + ")")")
                }
                summary = run.outcome != outcome.word.rawValue ? "expected the saga to end \(outcome.word.rawValue), but it ended \(run.outcome)" : "expected other commands"
            }
            return finish(d, subject: subject, actual: actual, expected: expected, summary: summary, differences: differences, at: when.name.span)
        } catch let stop {
            return result(d, subject: subject, stop: stop, expected: expected)
        }
    }
}
