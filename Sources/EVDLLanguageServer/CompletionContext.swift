import EVDLSyntax

/// Where the cursor stands in the tree, for completion: the declaration, whether it is inside a body of
/// statements or expressions, and what `command`, `event`, `state` and the saga input mean there.
struct CompletionContext {
    /// The top-level declaration holding the cursor, if any.
    var declaration: Declaration?
    /// The span of the body (decide, apply, handler, query, step, policy) holding the cursor.
    var body: Span?
    /// The command being decided (`Owner.Name`).
    var command: String?
    /// The event being applied or handled (`Owner.Name`).
    var event: String?
    /// The aggregate or projection whose state or row is in scope.
    var stateOwner: String?
    /// The saga whose input is in scope.
    var saga: String?

    /// Finds the context of `offset` in a parsed file; `eventOf` resolves a written event name to `Owner.Name`.
    init(spec: SpecFile, offset: Int, eventOf: (QualifiedName) -> String?) {
        func holds(_ span: Span) -> Bool { span.start < offset && offset <= span.end }
        guard let declaration = spec.declarations.first(where: { holds($0.span) }) else { return }
        self.declaration = declaration
        switch declaration {
        case .aggregate(let d):
            for member in d.members {
                switch member {
                case .decide(let decide) where holds(decide.body.span):
                    body = decide.body.span
                    command = "\(d.name.name).\(decide.command.name)"
                    stateOwner = d.name.name
                case .apply(let apply) where holds(apply.body.span):
                    body = apply.body.span
                    event = "\(d.name.name).\(apply.event.name)"
                    stateOwner = d.name.name
                case .id, .snapshot, .state, .command, .event, .decide, .apply: break
                }
            }
        case .projection(let d):
            for member in d.members {
                switch member {
                case .on(let handler) where holds(handler.span) && handler.body.span.start <= offset:
                    body = handler.body.span
                    event = eventOf(handler.event)
                    stateOwner = d.name.name
                case .query(let q) where holds(q.span):
                    body = q.span
                    stateOwner = d.name.name
                case .key, .row, .on, .query: break
                }
            }
        case .saga(let d):
            saga = d.name.name
            if let step = d.steps.first(where: { holds($0.span) }) { body = step.span }
            if let start = d.start, holds(start.span) {
                body = start.span
                event = eventOf(start.trigger.name)
                saga = nil
            }
        case .policy(let d):
            body = d.span
            if let trigger = d.trigger { event = eventOf(trigger) }
        case .type, .enumeration, .service, .publish, .scenario:
            break
        }
    }

    /// The keywords that may start what is written at the cursor.
    var keywords: [String] {
        guard let declaration else { return ["type", "enum", "aggregate", "service", "projection", "saga", "policy", "publish", "scenario"] }
        if body != nil {
            switch declaration {
            case .aggregate, .projection:
                return ["let", "if", "else", "require", "emit", "delete", "switch", "case", "default", "true", "false", "nil"]
            case .saga: return ["invoke", "as", "compensate", "nothing", "retry", "forever", "timeout", "true", "false", "nil"]
            case .policy: return ["where", "send", "after", "as", "true", "false", "nil"]
            case .type, .enumeration, .service, .publish, .scenario: return []
            }
        }
        switch declaration {
        case .aggregate: return ["id", "snapshot", "every", "state", "command", "event", "emits", "creates", "decide", "apply"]
        case .projection: return ["key", "row", "on", "for", "in", "where", "query"]
        case .saga: return ["input", "start", "on", "step", "invoke", "compensate", "retry", "timeout", "failure"]
        case .service: return ["command"]
        case .policy: return ["on", "where", "send", "after"]
        case .scenario: return ["given", "when", "then", "rejected", "nothing"]
        case .type, .enumeration, .publish: return []
        }
    }
}
