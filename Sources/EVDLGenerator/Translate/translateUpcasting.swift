import EVDLSyntax

extension Translator {
    /// For an aggregate with events past version 1: `protocol Upcasting`, one hook per older version of each event
    /// (`moneyDepositedFromV1(_:)` rewrites a stored v1 payload into the v2 shape), and `static func upcasters(_:)`,
    /// the hooks as the runtime's `EventUpcaster`s for `PayloadCodec(upcasters:)`. The decoder runs them before it
    /// reads an older payload.
    func upcastingMembers(_ aggregate: AggregateDecl) -> [SwiftDecl] {
        let hooks = aggregate.events.flatMap { event in
            (1..<max(1, event.version)).map { version in
                (event: event, version: version, name: Naming.lowerCamel(event.name.name) + "FromV\(version)")
            }
        }
        guard !hooks.isEmpty else { return [] }
        let aggregateName = aggregate.name.name
        let requirements = hooks.map { hook -> SwiftDecl in
            .function(SwiftFunction(
                header: SwiftDeclHeader(doc: [
                    "Rewrites a stored `\(aggregateName).\(hook.event.name.name)` v\(hook.version) payload into the v\(hook.version + 1) shape.",
                ], access: .none),
                name: hook.name,
                parameters: [SwiftParameter(label: "_", name: "payload", type: .named("[String: Any]"), convention: .inout)],
                throwing: .untyped, body: nil
            ))
        }
        let list = SwiftExpr.array(hooks.map { hook in
            .call(.identifier("EventUpcaster"), [
                SwiftArgument(label: "typeName", value: .string([.text("\(aggregateName).\(hook.event.name.name)")])),
                SwiftArgument(label: "fromVersion", value: .integer(String(hook.version))),
                SwiftArgument(label: "rewrite", value: .closure(parameters: ["payload"], body: [
                    .expression(.tryExpr(.call(.member(.identifier("upcasting"), hook.name), [SwiftArgument(value: .inoutArgument(.identifier("payload")))]))),
                ])),
            ])
        })
        return [
            .protocolDecl(SwiftTypeDecl(
                header: typeHeader(doc: [
                    "Hooks that rewrite stored payloads of older versions of `\(aggregateName)`'s events before they are decoded,",
                    "for changes `was` and defaults cannot say. Implement every hook (leave a body empty when `was` and defaults",
                    "suffice) and pass `\(aggregateName).upcasters(yourHooks)` to `PayloadCodec(upcasters:)`.",
                ]),
                name: "Upcasting", conformances: [.named("Sendable")], members: requirements
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: ["The hooks of `upcasting`, for `PayloadCodec(upcasters:)`."], isStatic: true),
                name: "upcasters", parameters: [SwiftParameter(label: "_", name: "upcasting", type: .named("some Upcasting"))],
                result: .array(.named("EventUpcaster")), body: [.returnStmt(list)]
            )),
        ]
    }
}
