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

/// One saga instance, run to its end as the runtime's `SagaStateMachine` runs it, with scripted replies: the steps in
/// order; after a failed step, the completed steps' compensations in reverse order (`compensate nothing` is skipped;
/// reaching a completed pivot stops the compensation, as nothing before it may be undone), then the `on failure`
/// commands. Each command appears once however many attempts it took.
struct SagaMachine {
    let evaluator: Evaluator
    let saga: SagaDecl

    struct Run {
        var sent: [Value.Fields] = []
        var outcome = "completed"
        var reasons: [String] = []
    }

    func run(input: Value.Fields, replies: inout Replies, now: Value) throws(Stop) -> Run {
        let f = Frame(now: now)
        f.sagaInput = input
        var run = Run()
        var completed: [SagaStep] = []
        for step in saga.steps {
            guard let invoke = step.invoke else { continue }
            let command = try evaluator.message(invoke, f)
            run.sent.append(command)
            switch replies.next(for: command.typeName) {
            case .succeeded(let result):
                // A command with a result needs a scripted reply, bound or not (generated Swift cannot make one up).
                if result == nil, evaluator.layouts.fields[command.typeName + ".Result"] != nil {
                    throw .failure("no reply given for `\(command.typeName)`, whose result is used", at: invoke.span)
                }
                if let binding = step.binding?.name, let result {
                    f.stepResults[binding] = .record(result)
                }
                completed.append(step)
            case .failed(let reason):
                run.reasons.append("step `\(step.name.name)` failed: \(reason)")
                try fail(completed: completed, f, &run, &replies)
                return run
            }
        }
        return run
    }

    private func fail(completed: [SagaStep], _ f: Frame, _ run: inout Run, _ replies: inout Replies) throws(Stop) {
        var problems = false
        compensating: for step in completed.reversed() {
            switch step.compensate {
            case .command(let literal)?:
                let command = try evaluator.message(literal, f)
                run.sent.append(command)
                if case .failed(let reason) = replies.next(for: command.typeName) {
                    problems = true
                    run.reasons.append("compensation of step `\(step.name.name)` failed: \(reason)")
                }
            case .nothing?:
                continue
            case nil:
                problems = true
                run.reasons.append("step `\(step.name.name)` is the pivot: the steps before it are not compensated")
                break compensating
            }
        }
        for literal in saga.failureActions {
            let command = try evaluator.message(literal, f)
            run.sent.append(command)
            if case .failed(let reason) = replies.next(for: command.typeName) {
                problems = true
                run.reasons.append("`on failure` command `\(command.typeName)` failed: \(reason)")
            }
        }
        run.outcome = problems ? "failed" : "compensated"
    }
}
