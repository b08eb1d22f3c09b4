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
        let sends = policy.sends.map { send -> SwiftExpr in
            let command = commandValue(send.command, in: scope)
            guard let delay = send.delay else { return .call(.implicitMember("now"), [SwiftArgument(value: command)]) }
            return .call(.implicitMember("after"), [SwiftArgument(value: durationValue(delay)), SwiftArgument(value: command)])
        }
        let filter = policy.filter.map { translateExpression($0, in: scope, expected: .bool) }
        let readsEvent = sends.contains { SwiftExprFacts.mentions($0, "event") } || filter.map { SwiftExprFacts.mentions($0, "event") } == true
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
