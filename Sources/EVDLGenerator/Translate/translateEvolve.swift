import EVDLSyntax

extension Translator {
    /// The `apply` blocks → `static func evolve(_ state: State, _ event: Event) -> State`, one `switch` case per
    /// event (an event without `apply` leaves the state as it is).
    func translateEvolve(_ aggregate: AggregateDecl) -> SwiftDecl {
        let caseNames = eventCaseNames(aggregate)
        let applies = aggregate.applies
        let mutates = applies.contains { BlockFacts.assigns($0.body) }
        let cases = aggregate.events.map { event -> SwiftSwitchCase in
            let caseName = caseNames[event.name.name] ?? event.name.name
            guard let apply = applies.first(where: { $0.event.name == event.name.name }) else {
                return SwiftSwitchCase(pattern: .enumCase(caseName), body: [])
            }
            let scope = ExpressionScope(context: .apply(aggregate: aggregate, event: event))
            let pattern: SwiftPattern = BlockFacts.mentions("event", in: apply.body)
                ? .enumCaseBinding(caseName, binding: "event") : .enumCase(caseName)
            return SwiftSwitchCase(pattern: pattern, body: translateBlock(apply.body, in: scope))
        }
        var body: [SwiftStmt] = []
        if mutates { body.append(.variable(name: "state", type: nil, value: .identifier("state"))) }
        body.append(.switchStmt(subject: .identifier("event"), cases: cases))
        body.append(.returnStmt(.identifier("state")))
        return .function(SwiftFunction(
            header: memberHeader(doc: ["The state after `event`: the spec's `apply` blocks. Pure and deterministic."], isStatic: true),
            name: "evolve",
            parameters: [
                SwiftParameter(label: "_", name: "state", type: .named("State")),
                SwiftParameter(label: "_", name: "event", type: .named("Event")),
            ],
            result: .named("State"), body: body
        ))
    }
}
