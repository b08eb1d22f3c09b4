import EVDLSema
import EVDLSyntax

/// The replies a saga or policy scenario gives (`Payment.Charge replies { … }`, `fails "…"`, `times out`), used up in
/// order per command type; a command with none left succeeds without a result.
struct Replies {
    enum Reply: Equatable {
        /// Succeeded, with the command's result when the reply gave one.
        case succeeded(Value.Fields?)
        /// Failed every attempt (or timed out every attempt), with the reason.
        case failed(String)
    }

    private var queues: [String: [Reply]] = [:]

    init(_ replies: [ScenarioReply], evaluator: Evaluator, _ f: Frame) throws(Stop) {
        for reply in replies {
            let name = evaluator.model.messageTargets[reply.command.span]?.qualifiedName ?? reply.command.parts.map(\.name).joined(separator: ".")
            let value: Reply
            switch reply.kind {
            case .replies(let fields?):
                value = .succeeded(try evaluator.build(name + ".Result", given: try evaluator.arguments(of: fields, f), f, at: reply.span))
            case .replies(nil):
                // A result whose fields all have defaults (or none): the defaults.
                value = evaluator.layouts.fields[name + ".Result"] == nil
                    ? .succeeded(nil) : .succeeded(try evaluator.build(name + ".Result", given: [:], f, at: reply.span))
            case .fails(let reason): value = .failed(reason.value)
            case .timesOut: value = .failed("timed out")
            }
            queues[name, default: []].append(value)
        }
    }

    /// The reply to the next invocation of `command`. A command with a result needs a scripted reply, bound or not:
    /// generated Swift cannot make a result up, so the scenario stops (as the generated tests do).
    mutating func next(for command: String, layouts: Layouts, at span: Span) throws(Stop) -> Reply {
        guard var queue = queues[command], !queue.isEmpty else {
            if layouts.fields[command + ".Result"] != nil {
                throw .failure("no reply given for `\(command)`, whose result is used", at: span)
            }
            return .succeeded(nil)
        }
        let reply = queue.removeFirst()
        queues[command] = queue
        return reply
    }
}
