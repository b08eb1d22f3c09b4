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
