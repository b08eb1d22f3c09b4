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

    /// The reply to the next invocation of `command`.
    mutating func next(for command: String) -> Reply {
        guard var queue = queues[command], !queue.isEmpty else { return .succeeded(nil) }
        let reply = queue.removeFirst()
        queues[command] = queue
        return reply
    }
}
