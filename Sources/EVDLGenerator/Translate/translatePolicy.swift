import EVDLSema
import EVDLSyntax

extension Translator {
    /// `policy Name { on Q.Event where …; [after D] send Q.Cmd { … } … }` → `enum Name: EventPolicy`: its name (part
    /// of the idempotency key the runner gives each send: `policy/<Name>/<event id>/<index>`), the event type it
    /// handles, and `react(to:codec:)`, the sends an event causes once its `where` filter holds, in written order:
    /// `.now(command)`, or `.after(delay, command)` for a durable deadline.
    func translatePolicy(_ policy: PolicyDecl) -> [SwiftDecl] {
        let name = policy.name.name
        var members: [SwiftDecl] = [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The policy's name: part of the idempotency key of each command it sends."], isStatic: true),
                name: "name", type: .named("String"), kind: .constant(.string([.text(name)]))
            )),
        ]
        guard let trigger = policy.trigger, let (aggregate, event) = namedEvent(trigger) else {
            return [policyNamespace(policy, members: members)]
        }
        let eventType = eventType(aggregate, event)
        let typeName = SwiftExpr.member(.type(eventType), "typeName")
        let scope = ExpressionScope(context: .policy(aggregate: aggregate.name.name, event: event))
        let sends = policySends(policy.sends[...], in: scope)
        let filter = policy.filter.map { translateExpression($0, in: scope, expected: .bool) }
        let readsEvent = policy.sends.contains { send in
            send.command.arguments.contains { argument in argument.value.map { ExprFacts.mentions("event", in: $0) } ?? false }
        } || policy.filter.map { ExprFacts.mentions("event", in: $0) } == true
        var body: [SwiftStmt] = [
            .guardElse(condition: .binary(.equal, .member(.identifier("recorded"), "typeName"), typeName), body: [.returnStmt(.array([]))]),
            decodeRecordedEvent(eventType, used: readsEvent),
        ]
        if let filter { body.append(.guardElse(condition: filter, body: [.returnStmt(.array([]))])) }
        body.append(.returnStmt(.array(sends)))
        members += [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The type names of the events the policy reacts to (`on`)."], isStatic: true),
                name: "handledEventTypes", type: .generic(.named("Set"), [.named("String")]), kind: .constant(.array([typeName]))
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: [
                    "The commands `recorded` causes, in `send` order: none unless it is an `\(aggregate.name.name).\(event.name.name)`"
                        + (policy.filter == nil ? "." : " that passes the `where` filter."),
                ], isStatic: true),
                name: "react",
                parameters: [
                    SwiftParameter(label: "to", name: "recorded", type: .named("RecordedEvent")),
                    SwiftParameter(name: "codec", type: .named("PayloadCodec")),
                ],
                throwing: .untyped, result: .array(.named("PolicySend")), body: body
            )),
        ]
        return [policyNamespace(policy, members: members)]
    }

    /// The sends in order: `.now(command)`, `.after(delay, command)`; a send whose result is bound (`as name`)
    /// carries the sends after it as its continuation, `.now(command, then: { name in [ … ] })`, so that they
    /// read the result (and run only once it succeeded).
    private func policySends(_ sends: ArraySlice<PolicySend>, in scope: ExpressionScope) -> [SwiftExpr] {
        var result: [SwiftExpr] = []
        for (offset, send) in zip(sends.indices, sends) {
            let command = commandValue(send.command, in: scope)
            if let delay = send.delay {
                result.append(.call(.implicitMember("after"), [SwiftArgument(value: durationValue(delay)), SwiftArgument(value: command)]))
                continue
            }
            guard let binding = send.binding else {
                result.append(.call(.implicitMember("now"), [SwiftArgument(value: command)]))
                continue
            }
            var inner = scope
            inner.locals[binding.name] = resultType(of: send)
            let rest = policySends(sends[(offset + 1)...], in: inner)
            result.append(.call(.implicitMember("now"), [
                SwiftArgument(value: command),
                SwiftArgument(label: "then", value: .closure(parameters: [Naming.local(binding.name)], body: [.returnStmt(.array(rest))])),
            ]))
            break
        }
        return result
    }

    /// The type of a bound send's result: the service command's result (`Payment.ChargeResult`).
    private func resultType(of send: PolicySend) -> SemType {
        let name = send.command.name
        guard let service = name.qualifier?.name else { return .error }
        return .result("\(service).\(name.last.name)")
    }

    private func policyNamespace(_ policy: PolicyDecl, members: [SwiftDecl]) -> SwiftDecl {
        var doc = docLines(policy.doc)
        if doc.isEmpty {
            let sends = policy.sends.map { "`\($0.command.name)`" }.joined(separator: ", ")
            doc = ["The policy `\(policy.name.name)`" + (policy.trigger.map { ": on `\($0)`" } ?? "") + (sends.isEmpty ? "." : ", sends \(sends).")]
        }
        let conformances: [SwiftType] = policy.trigger != nil && members.count > 1 ? [.named("EventPolicy")] : []
        return .enumeration(SwiftTypeDecl(header: typeHeader(doc: doc), name: policy.name.name, conformances: conformances, members: members))
    }
}
