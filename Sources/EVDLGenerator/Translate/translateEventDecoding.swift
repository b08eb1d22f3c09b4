import EVDLSyntax

extension Translator {
    /// For an event whose fields have defaults or earlier names (`was oldName`), a decoder that reads payloads of
    /// older versions: a missing field takes its default, a renamed one is read under its old name. Other events
    /// use the synthesized decoder. Encoding is always the synthesized one (current names only).
    func eventDecodingMembers(_ event: EventDecl, of aggregate: AggregateDecl) -> [SwiftDecl] {
        let fields = event.fields
        guard fields.contains(where: { $0.defaultValue != nil || $0.previousName != nil }) else { return [] }
        let all = messageFields(fields, of: aggregate)
        let previous = fields.compactMap(\.previousName?.name)
        var members: [SwiftDecl] = [
            .enumeration(SwiftTypeDecl(
                header: SwiftDeclHeader(doc: ["The payload's keys."], access: .private),
                name: "CodingKeys", conformances: [.named("String"), .named("CodingKey")],
                members: all.map { .enumCase(SwiftEnumCase(name: $0.name)) }
            )),
        ]
        if !previous.isEmpty {
            members.append(.enumeration(SwiftTypeDecl(
                header: SwiftDeclHeader(doc: ["Keys of fields as earlier versions named them."], access: .private),
                name: "PreviousKeys", conformances: [.named("String"), .named("CodingKey")],
                members: previous.map { .enumCase(SwiftEnumCase(name: $0)) }
            )))
        }
        var body: [SwiftStmt] = [
            .constant(name: "container", type: nil, value: .tryExpr(.call(.member(.identifier("decoder"), "container"), [
                SwiftArgument(label: "keyedBy", value: .metatypeValue(.named("CodingKeys"))),
            ]))),
        ]
        if !previous.isEmpty {
            body.append(.constant(name: "previous", type: nil, value: .tryExpr(.call(.member(.identifier("decoder"), "container"), [
                SwiftArgument(label: "keyedBy", value: .metatypeValue(.named("PreviousKeys"))),
            ]))))
        }
        for field in all {
            let declared = fields.first { $0.name.name == field.name }
            // An optional field is read as its wrapped type: absent means `nil`.
            var readType = field.semType
            var optional = declared?.defaultValue != nil
            if case .optional(let wrapped) = field.semType {
                readType = wrapped
                optional = true
            }
            func read(_ container: String, _ key: String, ifPresent: Bool) -> SwiftExpr {
                .call(.member(.identifier(container), ifPresent ? "decodeIfPresent" : "decode"), [
                    SwiftArgument(value: .metatypeValue(swiftType(readType))), SwiftArgument(label: "forKey", value: .implicitMember(key)),
                ])
            }
            // Read under the current name, then the earlier one, then take the default: `a ?? b ?? default`.
            var alternatives: [SwiftExpr] = []
            if let old = declared?.previousName?.name {
                alternatives = [read("container", field.name, ifPresent: true), read("previous", old, ifPresent: optional)]
            } else {
                alternatives = [read("container", field.name, ifPresent: optional)]
            }
            if let defaultValue = declared?.defaultValue {
                alternatives.append(translateConstant(defaultValue, expected: field.semType))
            }
            let value = alternatives.dropLast().reversed().reduce(alternatives[alternatives.count - 1]) { rest, next in
                .binary(.coalesce, next, rest)
            }
            body.append(.assign(target: .member(.verbatim("self"), field.name), op: "=", value: .tryExpr(value)))
        }
        members.append(.initializer(SwiftInitializer(
            header: memberHeader(doc: ["Decodes a payload of this or an earlier version: missing fields take their defaults, renamed ones are read under their earlier names."]),
            parameters: [SwiftParameter(label: "from", name: "decoder", type: .named("any Decoder"))],
            throwing: .untyped, body: body
        )))
        return members
    }
}
