import EVDLSema
import EVDLSyntax

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
            switch try replies.next(for: command.typeName, layouts: evaluator.layouts, at: send.command.span) {
            case .succeeded(let result):
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
