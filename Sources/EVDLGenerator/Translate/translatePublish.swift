import EVDLSyntax

extension Translator {
    /// The module's `publish` declarations, all of them, as `enum PublishRoutes` with `topicsByEventType`: each
    /// published event's stable type name → its topics, in declaration order. Written once, in the file of the
    /// first `publish` (files in the order given); the other `publish` declarations write nothing.
    func translatePublish(_ publish: PublishDecl) -> [SwiftDecl] {
        let all = model.files.flatMap { file in file.declarations.compactMap { if case .publish(let d) = $0 { d } else { nil } } }
        guard all.first == publish else { return [] }
        var order: [String] = []
        var types: [String: SwiftType] = [:]
        var topics: [String: [String]] = [:]
        for d in all {
            guard let (aggregate, event) = namedEvent(d.event) else { continue }
            let typeName = "\(aggregate.name.name).\(event.name.name)"
            if types[typeName] == nil {
                order.append(typeName)
                types[typeName] = eventType(aggregate, event)
            }
            if topics[typeName]?.contains(d.topic.value) != true { topics[typeName, default: []].append(d.topic.value) }
        }
        let entries = order.map { typeName in
            SwiftDictionaryEntry(
                key: .member(.type(types[typeName] ?? .named("Never")), "typeName"),
                value: .array((topics[typeName] ?? []).map { .string([.text($0)]) })
            )
        }
        return [.enumeration(SwiftTypeDecl(
            header: typeHeader(doc: ["The outbox routes of the `publish` declarations: which events are written to the outbox"
                                     + " in the same append as themselves, and the topics each is published to."]),
            name: "PublishRoutes",
            members: [.property(SwiftProperty(
                header: memberHeader(doc: ["Each published event's stable type name → its topics, in declaration order."], isStatic: true),
                name: "topicsByEventType", type: .dictionary(.named("String"), .array(.named("String"))),
                kind: .constant(.dictionary(entries))
            ))]
        ))]
    }
}
