import EVDLSema
import EVDLSyntax

extension Translator {
    /// `policy Name { on Q.Event where …; [after D] send Q.Cmd { … } … }` → `enum Name`: its name (part of the
    /// idempotency key of each command it sends: `IdempotencyKey.policy(name, event:send:)`), the event types it
    /// handles, the delay of each `send` by position (`after`, a durable deadline; `nil`: at once), and
    /// `commands(for:codec:)`, the commands an event causes once its `where` filter holds, in `send` order.
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
        let commands = policy.sends.map { commandValue($0.command, in: scope) }
        let filter = policy.filter.map { translateExpression($0, in: scope, expected: .bool) }
        let readsEvent = commands.contains { SwiftExprFacts.mentions($0, "event") } || filter.map { SwiftExprFacts.mentions($0, "event") } == true
        var body: [SwiftStmt] = [
            .guardElse(condition: .binary(.equal, .member(.identifier("recorded"), "typeName"), typeName), body: [.returnStmt(.array([]))]),
            decodeRecordedEvent(eventType, used: readsEvent),
        ]
        if let filter { body.append(.guardElse(condition: filter, body: [.returnStmt(.array([]))])) }
        body.append(.returnStmt(.array(commands)))
        members += [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The type names of the events the policy handles (`on`)."], isStatic: true),
                name: "eventTypes", type: .generic(.named("Set"), [.named("String")]), kind: .constant(.array([typeName]))
            )),
            .property(SwiftProperty(
                header: memberHeader(doc: [
                    "How long after the event each command of `commands(for:codec:)` is sent, by position (`after`);",
                    "`nil` sends it at once.",
                ], isStatic: true),
                name: "delays", type: .array(.optional(.named("Duration"))),
                kind: .constant(.array(policy.sends.map { $0.delay.map(durationValue) ?? .nilLiteral }))
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: [
                    "The commands `recorded` causes, in `send` order: none unless it is an `\(aggregate.name.name).\(event.name.name)`"
                        + (policy.filter == nil ? "." : " that passes the `where` filter."),
                ], isStatic: true),
                name: "commands",
                parameters: [
                    SwiftParameter(label: "for", name: "recorded", type: .named("RecordedEvent")),
                    SwiftParameter(name: "codec", type: .named("PayloadCodec")),
                ],
                throwing: .untyped, result: .array(.named("any RoutedCommand")), body: body
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
        return .enumeration(SwiftTypeDecl(header: typeHeader(doc: doc), name: policy.name.name, members: members))
    }
}
