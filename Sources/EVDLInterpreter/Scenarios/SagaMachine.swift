import EVDLSema
import EVDLSyntax

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
            switch try replies.next(for: command.typeName, layouts: evaluator.layouts, at: invoke.span) {
            case .succeeded(let result):
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
                if case .failed(let reason) = try replies.next(for: command.typeName, layouts: evaluator.layouts, at: literal.span) {
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
            if case .failed(let reason) = try replies.next(for: command.typeName, layouts: evaluator.layouts, at: literal.span) {
                problems = true
                run.reasons.append("`on failure` command `\(command.typeName)` failed: \(reason)")
            }
        }
        run.outcome = problems ? "failed" : "compensated"
    }
}
