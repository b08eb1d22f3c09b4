import EVDLSema
import EVDLSyntax

extension ScenarioInterpreter {
    /// given replies → when the policy's event → then the commands it sends (some `after` a delay), or `nothing`.
    func runPolicyScenario(_ d: ScenarioDecl, policy name: String) -> ScenarioResult {
        let subject = "policy \(name)"
        guard let policy = policies[name] else {
            return result(d, subject: subject, stop: .failure("`\(name)` is not a policy of this module", at: d.span))
        }
        let f = scenarioFrame()
        var expected = ""
        do {
            var replies = try Replies(d.replies, evaluator: evaluator, f)
            guard let when = d.when else { return result(d, subject: subject, stop: .failure("a policy scenario needs `when`", at: d.span)) }
            var wanted: [(delay: Value?, command: Value.Fields)] = []
            switch d.then {
            case .sends(let sends, _)?:
                for send in sends {
                    wanted.append((send.delay.map { Evaluator.duration($0) }, try evaluator.message(send.command, f)))
                }
            case .events(let literals, _)?:
                for literal in literals { wanted.append((nil, try evaluator.message(literal, f))) }
            case .nothing?: break
            case .rejected?, .saga?, nil:
                return result(d, subject: subject, stop: .failure("a policy scenario expects commands or `nothing`", at: d.span))
            }
            expected = sendLines(wanted)
            let event = try evaluator.message(when, f)
            let sent = try PolicyMachine(evaluator: evaluator, policy: policy).react(to: event, recorded: Self.recorded(position: 1, version: 1, now: f.now),
                                                                                  replies: &replies, now: f.now)
            let actual = sendLines(sent)
            var summary: String?
            var differences: [String] = []
            if actual != expected {
                summary = sent.isEmpty ? "expected commands, but the policy sent nothing" : "expected other commands"
                differences = Differences.messages(expected: wanted.map(\.command), actual: sent.map(\.command), noun: "command")
                for i in 0..<min(wanted.count, sent.count) where wanted[i].delay != sent[i].delay {
                    differences.append("command #\(i + 1): expected \(wanted[i].delay.map { "after " + ValueText.canonical($0) } ?? "no delay"), got \(sent[i].delay.map { "after " + ValueText.canonical($0) } ?? "no delay")")
                }
            }
            return finish(d, subject: subject, actual: actual, expected: expected, summary: summary, differences: differences, at: when.name.span)
        } catch let stop {
            return result(d, subject: subject, stop: stop, expected: expected)
        }
    }

    /// `after duration(1800, 0) Order.ExpireOrder { … }` lines, or `nothing`.
    func sendLines(_ sends: [(delay: Value?, command: Value.Fields)]) -> String {
        if sends.isEmpty { return "nothing" }
        return sends.map { ($0.delay.map { "after " + ValueText.canonical($0) + " " } ?? "") + ValueText.messageLine($0.command) }
            .joined(separator: "\n")
    }
}

/// One policy, run as the generated `EventPolicy` and the `PolicyRunner` run it for one event: the `where` filter, then
/// the sends in order, each `as` binding the service's result for the later ones; a send that fails ends the policy's
/// sends for that event (the runtime records a `PolicyFailure` naming the skipped ones).
struct PolicyMachine {
    let evaluator: Evaluator
    let policy: PolicyDecl

    func react(to event: Value.Fields, recorded: Value.Fields, replies: inout Replies, now: Value) throws(Stop) -> [(delay: Value?, command: Value.Fields)] {
        let f = Frame(now: now)
        f.event = event
        f.recorded = recorded
        if let filter = policy.filter, !(try evaluator.truth(filter, f)) { return [] }
        var sent: [(delay: Value?, command: Value.Fields)] = []
        for send in policy.sends {
            let command = try evaluator.message(send.command, f)
            let delay = send.delay.map { Evaluator.duration($0) }
            sent.append((delay, command))
            if delay != nil { continue }  // scheduled: sent later by the deadline scheduler
            switch replies.next(for: command.typeName) {
            case .succeeded(let result):
                // A command with a result needs a scripted reply, bound or not (generated Swift cannot make one up).
                if result == nil, evaluator.layouts.fields[command.typeName + ".Result"] != nil {
                    throw .failure("no reply given for `\(command.typeName)`, whose result is used", at: send.command.span)
                }
                if let binding = send.binding?.name, let result {
                    f.locals.append((binding, .record(result)))  // a policy's `as` is a constant for the later sends
                }
            case .failed:
                return sent
            }
        }
        return sent
    }
}
