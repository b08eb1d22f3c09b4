import EVDLSema
import EVDLSyntax

/// A stored field of a generated struct.
struct GeneratedField {
    /// The Swift (and spec) name.
    var name: String
    /// The checked type.
    var semType: SemType
    /// `///` lines.
    var doc: [String]
    /// The spec default value, if any.
    var defaultValue: Expr?
}

extension Translator {
    /// `type LineItem { … }` → `struct LineItem: Sendable, Codable, Hashable, JSONPayloadDecodable` with a memberwise
    /// initializer and a direct JSON reader.
    func translateType(_ d: TypeDecl) -> SwiftDecl {
        var type = valueStruct(
            name: d.name.name, doc: docLines(d.doc), fields: generatedFields(d.fields),
            conformances: [.named("Sendable"), .named("Codable"), .named("Hashable"), .named("JSONPayloadDecodable")], extraMembers: []
        )
        type.members += decodingMembers(generatedFields(d.fields), declared: d.fields)
        type.members.append(jsonObjectInitializer(generatedFields(d.fields), declared: d.fields))
        return .structure(type)
    }

    /// The generator's view of spec fields.
    func generatedFields(_ fields: [FieldDecl]) -> [GeneratedField] {
        fields.map { GeneratedField(name: $0.name.name, semType: index.semType($0.type), doc: docLines($0.doc), defaultValue: $0.defaultValue) }
    }

    /// A struct with one stored property per field, `extraMembers` first (static members), and an initializer
    /// taking every field in order (spec defaults become default arguments).
    func valueStruct(name: String, doc: [String], fields: [GeneratedField], conformances: [SwiftType], extraMembers: [SwiftDecl]) -> SwiftTypeDecl {
        var members = extraMembers
        for field in fields {
            members.append(.property(SwiftProperty(
                header: memberHeader(doc: field.doc), name: field.name, type: swiftType(field.semType), kind: .stored(nil)
            )))
        }
        members.append(.initializer(memberwiseInitializer(fields, withDefaults: true)))
        return SwiftTypeDecl(header: typeHeader(doc: doc), name: name, conformances: conformances, members: members)
    }

    /// The spec default of a field; an optional field without one defaults to `nil` (the checker lets `emit` and
    /// initializers leave it out).
    func defaultArgument(_ field: GeneratedField) -> SwiftExpr? {
        if let value = field.defaultValue { return translateConstant(value, expected: field.semType) }
        if case .optional = field.semType { return .nilLiteral }
        return nil
    }

    /// `init(a: A = default, b: B) { self.a = a; self.b = b }`.
    func memberwiseInitializer(_ fields: [GeneratedField], withDefaults: Bool) -> SwiftInitializer {
        let parameters = fields.map { field in
            SwiftParameter(
                label: field.name, name: Naming.parameter(field.name), type: swiftType(field.semType),
                defaultValue: withDefaults ? defaultArgument(field) : nil
            )
        }
        let body = fields.map { field in
            SwiftStmt.assign(target: .member(.verbatim("self"), field.name), op: "=", value: .identifier(Naming.parameter(field.name)))
        }
        return SwiftInitializer(
            header: memberHeader(doc: ["Creates a value from its fields."]), parameters: parameters, body: body
        )
    }
}
