import EVDLSema
import EVDLSyntax

/// How one field is read from a payload, whichever decoder reads it.
struct FieldRead {
    /// The key: the field's name, or its earlier name (`was`).
    var key: String
    /// Whether the key is the earlier name.
    var isPrevious: Bool
    /// Whether a missing key is allowed (`decodeIfPresent`).
    var ifPresent: Bool
    /// The type read (the wrapped type for an optional field).
    var type: SwiftType
}

extension Translator {
    /// The expression that reads a field: under its name, then under its earlier name (`was`), then its default:
    /// `a ?? b ?? default`. Optional fields are read as their wrapped type (absent means `nil`).
    func readField(_ field: GeneratedField, declared: FieldDecl?, _ read: (FieldRead) -> SwiftExpr) -> SwiftExpr {
        var readType = field.semType
        var mayBeAbsent = declared?.defaultValue != nil
        if case .optional(let wrapped) = field.semType {
            readType = wrapped
            mayBeAbsent = true
        }
        let type = swiftType(readType)
        var alternatives: [SwiftExpr] = []
        if let old = declared?.previousName?.name {
            alternatives = [read(FieldRead(key: field.name, isPrevious: false, ifPresent: true, type: type)),
                            read(FieldRead(key: old, isPrevious: true, ifPresent: mayBeAbsent, type: type))]
        } else {
            alternatives = [read(FieldRead(key: field.name, isPrevious: false, ifPresent: mayBeAbsent, type: type))]
        }
        if let defaultValue = declared?.defaultValue {
            alternatives.append(translateConstant(defaultValue, expected: field.semType))
        }
        return alternatives.dropLast().reversed().reduce(alternatives[alternatives.count - 1]) { rest, next in
            .binary(.coalesce, next, rest)
        }
    }

    /// `init(jsonObject:)` of the runtime's `JSONPayloadDecodable`: reads the fields straight from the stored JSON
    /// (no `Codable` containers), with the same rules for defaults and earlier names as `init(from:)`.
    func jsonObjectInitializer(_ fields: [GeneratedField], declared: [FieldDecl]) -> SwiftDecl {
        var declaredByName: [String: FieldDecl] = [:]
        for field in declared where declaredByName[field.name.name] == nil { declaredByName[field.name.name] = field }
        let body = fields.map { field -> SwiftStmt in
            let value = readField(field, declared: declaredByName[field.name]) { read in
                .call(.member(.identifier("object"), read.ifPresent ? "decodeIfPresent" : "decode"), [
                    SwiftArgument(value: .metatypeValue(read.type)), SwiftArgument(value: .string([.text(read.key)])),
                ])
            }
            return .assign(target: .member(.verbatim("self"), field.name), op: "=", value: .tryExpr(value))
        }
        return .initializer(SwiftInitializer(
            header: memberHeader(doc: ["Reads the value straight from its stored JSON object."]),
            parameters: [SwiftParameter(label: "jsonObject", name: "object", type: .named("JSONPayloadObject"))],
            throwing: .untyped, body: body
        ))
    }

    /// For an event whose fields have defaults or earlier names (`was oldName`), a `Codable` decoder that reads
    /// payloads of older versions: a missing field takes its default, a renamed one is read under its old name.
    /// Other events use the synthesized decoder. Encoding is always the synthesized one (current names only).
    func eventDecodingMembers(_ event: EventDecl, of aggregate: AggregateDecl) -> [SwiftDecl] {
        decodingMembers(messageFields(event.fields, of: aggregate), declared: event.fields)
    }

    /// The same `Codable` decoder for a stored type, a saga input, a service command or result whose fields have
    /// defaults or earlier names, so that `PayloadCodec(decoding: .foundation)` reads what the runtime's own decoder
    /// (`init(jsonObject:)`) reads: the older shapes the contract lock accepts.
    func decodingMembers(_ all: [GeneratedField], declared fields: [FieldDecl]) -> [SwiftDecl] {
        guard fields.contains(where: { $0.defaultValue != nil || $0.previousName != nil }) else { return [] }
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
        var declaredByName: [String: FieldDecl] = [:]
        for field in fields where declaredByName[field.name.name] == nil { declaredByName[field.name.name] = field }
        for field in all {
            let value = readField(field, declared: declaredByName[field.name]) { read in
                .call(.member(.identifier(read.isPrevious ? "previous" : "container"), read.ifPresent ? "decodeIfPresent" : "decode"), [
                    SwiftArgument(value: .metatypeValue(read.type)), SwiftArgument(label: "forKey", value: .implicitMember(read.key)),
                ])
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
