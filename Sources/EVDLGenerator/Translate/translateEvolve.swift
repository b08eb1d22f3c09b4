import EVDLSyntax

extension Translator {
    /// The `apply` blocks → `static func apply(_ event: Event, to state: inout State)`, one `switch` case per event
    /// (an event without `apply` leaves the state as it is), and the runtime's `evolve` and `replay` requirements
    /// on top of it. Replay mutates one state in place: as fast as a hand-written loop over the events, where
    /// returning the state from `evolve` for every event is several times slower.
    func translateEvolve(_ aggregate: AggregateDecl) -> [SwiftDecl] {
        let caseNames = eventCaseNames(aggregate)
        var applies: [String: ApplyDecl] = [:]
        for apply in aggregate.applies where applies[apply.event.name] == nil { applies[apply.event.name] = apply }
        let cases = aggregate.events.map { event -> SwiftSwitchCase in
            let caseName = caseNames[event.name.name] ?? event.name.name
            guard let apply = applies[event.name.name] else {
                return SwiftSwitchCase(pattern: .enumCase(caseName), body: [])
            }
            let scope = ExpressionScope(context: .apply(aggregate: aggregate, event: event))
            let pattern: SwiftPattern = BlockFacts.mentions("event", in: apply.body)
                ? .enumCaseBinding(caseName, binding: "event") : .enumCase(caseName)
            return SwiftSwitchCase(pattern: pattern, body: translateBlock(apply.body, in: scope))
        }
        let consumedState = SwiftParameter(label: "_", name: "state", type: .named("State"), convention: .consuming)
        let applyCall = { (event: SwiftExpr) in
            SwiftStmt.expression(.call(.identifier("apply"), [
                SwiftArgument(value: event), SwiftArgument(label: "to", value: .inoutArgument(.identifier("state"))),
            ]))
        }
        return [
            .function(SwiftFunction(
                header: memberHeader(doc: ["The state after `event`: the spec's `apply` blocks. Pure and deterministic."], isStatic: true),
                name: "evolve", parameters: [consumedState, SwiftParameter(label: "_", name: "event", type: .named("Event"))],
                result: .named("State"), body: [applyCall(.identifier("event")), .returnStmt(.identifier("state"))]
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: ["Replays `events` over `state`, mutating one state in place."], isStatic: true),
                name: "replay",
                parameters: [
                    SwiftParameter(label: "_", name: "events", type: .array(.named("Event"))),
                    SwiftParameter(label: "from", name: "state", type: .named("State"), convention: .consuming),
                ],
                result: .named("State"),
                body: [.forIn(name: "event", sequence: .identifier("events"), body: [applyCall(.identifier("event"))]), .returnStmt(.identifier("state"))]
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: [
                    "Decodes recorded events and replays them over `state`, mutating one state in place (a record an",
                    "upcaster splits is replayed as its events).",
                ], isStatic: true),
                name: "replay",
                parameters: [
                    SwiftParameter(label: "recorded", name: "events", type: .array(.named("RecordedEvent"))),
                    SwiftParameter(label: "from", name: "state", type: .named("State"), convention: .consuming),
                    SwiftParameter(name: "codec", type: .named("PayloadCodec")),
                ],
                throwing: .untyped, result: .named("State"),
                body: [
                    .forIn(name: "recorded", sequence: .identifier("events"), body: [
                        .ifElse(
                            condition: .call(.member(.identifier("codec"), "splits"), [
                                SwiftArgument(value: .member(.identifier("recorded"), "typeName")),
                                SwiftArgument(label: "schemaVersion", value: .member(.identifier("recorded"), "schemaVersion")),
                            ]),
                            then: [.forIn(name: "event", sequence: decodeRecorded("decodeAll"), body: [applyCall(.identifier("event"))])],
                            else: [applyCall(decodeRecorded("decode"))]
                        ),
                    ]),
                    .returnStmt(.identifier("state")),
                ]
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: ["Applies `event` to `state` in place, as the spec's `apply` blocks say."], isStatic: true),
                name: "apply",
                parameters: [
                    SwiftParameter(label: "_", name: "event", type: .named("Event")),
                    SwiftParameter(label: "to", name: "state", type: .named("State"), convention: .inout),
                ],
                body: [.switchStmt(subject: .identifier("event"), cases: cases)]
            )),
        ]
    }

    /// `try Event.<name>(recorded, codec: codec)`.
    private func decodeRecorded(_ name: String) -> SwiftExpr {
        .tryExpr(.call(.member(.type(.named("Event")), name), [
            SwiftArgument(value: .identifier("recorded")), SwiftArgument(label: "codec", value: .identifier("codec")),
        ]))
    }
}
